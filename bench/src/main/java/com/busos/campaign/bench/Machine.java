package com.busos.campaign.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the figures were measured on, and a process's resident memory, read from /proc. */
final class Machine {
    private Machine() {}

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** MemTotal in KiB, or -1 when /proc/meminfo cannot be read. */
    static long memoryKib() {
        return procField(Path.of("/proc/meminfo"), "MemTotal");
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name"))
                    return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return "unknown CPU";
    }

    /** "0.52 0.61 0.70" (1, 5, 15 minutes), or "n/a". */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static String describe() {
        return String.format(
                Locale.ROOT,
                "%d cores (%s), %.1f GiB memory, %s %s, Java %s (%s)",
                cores(),
                cpuModel(),
                memoryKib() / 1024.0 / 1024.0,
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"));
    }

    /** VmRSS of a process in KiB (-1 when it is gone). */
    static long rssKib(long pid) {
        return procField(Path.of("/proc", Long.toString(pid), "status"), "VmRSS");
    }

    /** VmHWM (peak resident set) of a process in KiB (-1 when it is gone). */
    static long peakRssKib(long pid) {
        return procField(Path.of("/proc", Long.toString(pid), "status"), "VmHWM");
    }

    private static long procField(Path file, String field) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(
                            line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
