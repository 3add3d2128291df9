package com.busos.campaign.signup;

import com.busos.campaign.webhook.RequestFields;
import java.util.LinkedHashMap;
import java.util.Map;
import lombok.Getter;

/** A validated christmas-signup request (fields, defaults and bounds of the original webhook). */
public final class Signup {
    @Getter
    private final String email;

    @Getter
    private final String firstName;

    @Getter
    private final String businessName;

    @Getter
    private final int assessmentScore;

    @Getter
    private final int redSystems;

    @Getter
    private final int orangeSystems;

    @Getter
    private final int yellowSystems;

    @Getter
    private final int greenSystems;

    private final Integer gpsScore;
    private final Integer moneyScore;
    private final String weakestSystem1;
    private final String weakestSystem2;
    private final String strongestSystem;
    private final Integer revenueLeakTotal;

    private Signup(RequestFields body) {
        email = body.requiredEmail("email");
        firstName = body.requiredString("first_name");
        String business = body.optionalString("business_name", null);
        businessName = business == null || business.isEmpty() ? "your business" : business;
        Integer score = body.requiredInt("assessment_score", 0L, 100L);
        Integer red = body.optionalInt("red_systems", 0, 0L, 8L);
        Integer orange = body.optionalInt("orange_systems", 0, 0L, 8L);
        Integer yellow = body.optionalInt("yellow_systems", 0, 0L, 8L);
        Integer green = body.optionalInt("green_systems", 0, 0L, 8L);
        gpsScore = body.optionalInt("gps_score", null, 0L, 100L);
        moneyScore = body.optionalInt("money_score", null, 0L, 100L);
        weakestSystem1 = body.optionalString("weakest_system_1", null);
        weakestSystem2 = body.optionalString("weakest_system_2", null);
        strongestSystem = body.optionalString("strongest_system", null);
        revenueLeakTotal = body.optionalInt("revenue_leak_total", null, null, null);
        body.validate();
        assessmentScore = score;
        redSystems = red;
        orangeSystems = orange;
        yellowSystems = yellow;
        greenSystems = green;
    }

    /** Reads and validates the request; throws InvalidRequestException listing every bad field. */
    public static Signup from(RequestFields body) {
        return new Signup(body);
    }

    /** The fields the 5-day emails' variables are built from, as text. */
    public Map<String, String> fields(String segment) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("first_name", firstName);
        fields.put("business_name", businessName);
        fields.put("assessment_score", Integer.toString(assessmentScore));
        fields.put("segment", segment);
        fields.put("red_systems", Integer.toString(redSystems));
        fields.put("orange_systems", Integer.toString(orangeSystems));
        fields.put("yellow_systems", Integer.toString(yellowSystems));
        fields.put("green_systems", Integer.toString(greenSystems));
        fields.put("gps_score", text(gpsScore));
        fields.put("money_score", text(moneyScore));
        fields.put("weakest_system_1", weakestSystem1);
        fields.put("weakest_system_2", weakestSystem2);
        fields.put("strongest_system", strongestSystem);
        fields.put("revenue_leak_total", text(revenueLeakTotal));
        return fields;
    }

    private static String text(Integer value) {
        return value == null ? null : value.toString();
    }
}
