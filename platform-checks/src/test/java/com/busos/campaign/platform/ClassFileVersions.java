package com.busos.campaign.platform;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds class files that a given JDK could not have written, or that a given JRE could not load. */
final class ClassFileVersions {

    private static final int MAGIC = 0xCAFEBABE;

    private ClassFileVersions() {}

    /** Java feature release → class-file major version (Java 1.2 = 46, …, 11 = 55, 17 = 61). */
    static int majorOf(int javaFeature) {
        return javaFeature + 44;
    }

    /** Every {@code .class} file under {@code root} whose major version is above {@code maxMajor}. */
    static List<String> classFilesNewerThan(Path root, int maxMajor) throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> classes;
        try (Stream<Path> files = Files.walk(root)) {
            classes = files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
        }
        for (Path file : classes) {
            try (InputStream in = Files.newInputStream(file)) {
                int major = major(in, file.toString());
                if (major > maxMajor) {
                    found.add(root.relativize(file) + " (major " + major + ")");
                }
            }
        }
        return found;
    }

    /**
     * Every class in {@code jar} that a JRE of {@code maxMajor} would load and could not: multi-release
     * entries for later releases (META-INF/versions/N/) and module descriptors are skipped, since
     * such a JRE never loads them from the class path.
     */
    static List<String> jarClassesNewerThan(Path jar, int maxMajor) throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".class")
                        || name.startsWith("META-INF/versions/")
                        || name.endsWith("module-info.class")) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    int major = major(in, jar.getFileName() + "!" + name);
                    if (major > maxMajor) {
                        found.add(jar.getFileName() + "!" + name + " (major " + major + ")");
                    }
                }
            }
        }
        return found;
    }

    private static int major(InputStream in, String what) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) {
            throw new IOException(what + " is not a class file");
        }
        data.readUnsignedShort(); // minor
        return data.readUnsignedShort();
    }
}
