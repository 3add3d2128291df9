package com.busos.campaign.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionInstanceTest {

    private static List<Path> jars(String... names) {
        return java.util.Arrays.stream(names)
                .map(n -> Path.of("target/lib", n))
                .collect(java.util.stream.Collectors.toList());
    }

    @Test
    void severalVersionsOfOneArtifactAreReported() {
        assertEquals(
                "jedis",
                FunctionInstance.duplicateLibraries(
                        jars("function.jar", "jedis-7.0.0.jar", "jedis-8.0.2.jar", "commons-pool2-2.12.0.jar")));
        assertNull(FunctionInstance.duplicateLibraries(jars(
                "function.jar",
                "okhttp-jvm-5.5.1.jar",
                "okhttp-5.5.1.jar",
                "kotlin-stdlib-jdk8-1.9.0.jar",
                "kotlin-stdlib-1.9.0.jar",
                "model-0.1.1.jar")));
    }
}
