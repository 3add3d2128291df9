package com.busos.campaign.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * stack.yml's {@code limits: memory:} of each function, read from the file (not a copy of it), so the
 * benchmarks size each function's JVM as its container is sized ({@code -XX:MaxRAM}).
 */
final class StackLimits {
    private static final Pattern FUNCTION = Pattern.compile("^  ([a-z0-9][a-z0-9-]*):\\s*$");
    private static final Pattern QUANTITY = Pattern.compile("(\\d+)(Mi|Gi)");

    private StackLimits() {}

    /** The memory limit of {@code function} in stack.yml, in MiB. */
    static long memoryMib(Path root, String function) {
        Long limit = memoryLimits(root).get(function);
        if (limit == null) throw new IllegalStateException("stack.yml has no limits: memory: for " + function);
        return limit;
    }

    /** Every function's {@code limits: memory:} in MiB, in stack.yml's order. */
    static Map<String, Long> memoryLimits(Path root) {
        List<String> lines;
        try {
            lines = Files.readAllLines(root.resolve("stack.yml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Long> limits = new LinkedHashMap<>();
        boolean inFunctions = false;
        String function = null;
        boolean inLimits = false;
        for (String line : lines) {
            if (line.isBlank() || line.trim().startsWith("#")) continue;
            if (!line.startsWith(" ")) {
                inFunctions = line.startsWith("functions:");
                function = null;
                continue;
            }
            if (!inFunctions) continue;
            Matcher name = FUNCTION.matcher(line);
            if (name.matches()) {
                function = name.group(1);
                inLimits = false;
            } else if (line.startsWith("    ") && !line.startsWith("     ")) {
                inLimits = line.trim().equals("limits:");
            } else if (inLimits && function != null && line.trim().startsWith("memory:")) {
                limits.put(function, mebibytes(line.trim().substring("memory:".length())));
            }
        }
        return limits;
    }

    static long mebibytes(String quantity) {
        Matcher m = QUANTITY.matcher(quantity.trim());
        if (!m.matches()) throw new IllegalStateException("not a memory quantity like 256Mi: " + quantity);
        long value = Long.parseLong(m.group(1));
        return m.group(2).equals("Gi") ? value * 1024 : value;
    }
}
