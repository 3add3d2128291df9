package com.busos.campaign.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository, the built functions and the jars of loaded classes are. */
final class Locations {
    private Locations() {}

    /** The repository root: the nearest directory up from the working directory that holds stack.yml. */
    static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path at = dir; at != null; at = at.getParent()) {
            if (Files.isRegularFile(at.resolve("stack.yml")) && Files.isDirectory(at.resolve("functions"))) return at;
        }
        throw new IllegalStateException("no stack.yml in " + dir + " or above: run from the repository");
    }

    /** The jar (or classes directory) a class was loaded from. */
    static Path of(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate " + type.getName(), e);
        }
    }

    /** Where child processes write their output. */
    static Path logs() {
        return root().resolve("bench").resolve("target").resolve("bench-logs");
    }
}
