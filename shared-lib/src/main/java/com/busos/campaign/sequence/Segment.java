package com.busos.campaign.sequence;

/** The lead's segment from the assessment's system counts; yellow, green and the score play no part. */
public enum Segment {
    CRITICAL,
    URGENT,
    OPTIMIZE;

    public static Segment classify(int redSystems, int orangeSystems) {
        if (redSystems >= 2) return CRITICAL;
        if (redSystems == 1 || orangeSystems >= 2) return URGENT;
        return OPTIMIZE;
    }

    /** The readiness zone named in emails; unknown or missing segments read as the growth zone. */
    public static String readinessZone(String segment) {
        if ("CRITICAL".equals(segment)) return "Crisis Zone";
        if ("URGENT".equals(segment)) return "Warning Zone";
        return "Growth Zone";
    }
}
