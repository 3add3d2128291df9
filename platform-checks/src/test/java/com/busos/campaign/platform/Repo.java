package com.busos.campaign.platform;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/** The repository under test and file helpers. */
final class Repo {

    /** The repository root (system property repo.root, set by the module's surefire configuration). */
    static final Path ROOT =
            Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();

    private Repo() {}

    /**
     * Copies {@code source} to {@code target}. Entries named in {@code skipTopLevel} are skipped
     * directly under {@code source} (faas-cli skips "build" and "template" in a handler folder);
     * entries named in {@code skipAnywhere} are skipped at any depth.
     */
    static void copyTree(Path source, Path target, Set<String> skipTopLevel, Set<String> skipAnywhere)
            throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(source)) {
                    String name = dir.getFileName().toString();
                    if (skipAnywhere.contains(name)
                            || (dir.getParent().equals(source) && skipTopLevel.contains(name))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                }
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (skipAnywhere.contains(name) || (file.getParent().equals(source) && skipTopLevel.contains(name))) {
                    return FileVisitResult.CONTINUE;
                }
                Files.copy(
                        file,
                        target.resolve(source.relativize(file).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES,
                        StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
