package com.busos.campaign.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * The builder stage of a template's Dockerfile, as read from the Dockerfile itself (never repeated
 * in a test): its image, the Maven and JDK versions that image's tag names, the default of its
 * {@code ARG MVN_ARGS} and the command of its {@code RUN}.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
final class BuilderStage {

    /** {@code FROM maven:3.9.9-eclipse-temurin-11 AS builder}: the official Maven image's tag scheme. */
    private static final Pattern FROM =
            Pattern.compile("(?m)^FROM\\s+(maven:(\\d+\\.\\d+\\.\\d+)-[a-z-]*?(\\d+)(?:-\\S*)?)\\s+AS\\s+builder\\s*$");

    final String image;
    final String mavenVersion;
    final int jdkFeature;
    final String mvnArgs;
    final List<String> command;

    static BuilderStage read(Path dockerfile) throws IOException {
        String text = Files.readString(dockerfile);
        Matcher from = FROM.matcher(text);
        if (!from.find()) {
            throw new IllegalArgumentException(dockerfile + ": no 'FROM maven:<version>-…<jdk> AS builder' stage");
        }
        // The stage runs until the next FROM.
        int next = text.indexOf("\nFROM ", from.end());
        String stage = text.substring(from.end(), next < 0 ? text.length() : next);
        Matcher arg = Pattern.compile("(?m)^ARG\\s+MVN_ARGS=\"([^\"]*)\"\\s*$").matcher(stage);
        if (!arg.find()) {
            throw new IllegalArgumentException(dockerfile + ": the builder stage has no ARG MVN_ARGS=\"…\" default");
        }
        Matcher run = Pattern.compile("(?m)^RUN\\s+(.+)$").matcher(stage);
        if (!run.find()) {
            throw new IllegalArgumentException(dockerfile + ": the builder stage has no RUN");
        }
        return new BuilderStage(
                from.group(1),
                from.group(2),
                Integer.parseInt(from.group(3)),
                arg.group(1),
                Arrays.asList(run.group(1).trim().split("\\s+")));
    }

    /** The highest class-file major version the builder's JDK writes (Java 8 = 52, 11 = 55, 17 = 61). */
    int maxClassFileMajor() {
        return ClassFileVersions.majorOf(jdkFeature);
    }
}
