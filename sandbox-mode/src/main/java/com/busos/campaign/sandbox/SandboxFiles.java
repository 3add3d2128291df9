package com.busos.campaign.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The sandbox's shared state is files: every function runs in its own class loader (the local
 * gateway) or its own process (the tools), so static fields are not shared, the file system is. A
 * file is written whole to a temporary name and renamed over the old one, so a reader sees the old
 * or the new content, never half of it; read-modify-write runs under {@link #locked}.
 */
final class SandboxFiles {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Temporary files start with this and are never read as data. */
    static final String TEMP_PREFIX = ".tmp-";

    private SandboxFiles() {}

    /**
     * Runs {@code work} holding the folder's lock: within this JVM, a monitor shared by every class
     * loader (an interned string: the JVM has one string table), and across processes, an exclusive
     * {@link FileLock} on {@code <folder>/.lock}. The monitor comes first, so one JVM never asks for
     * the file lock twice (which would throw OverlappingFileLockException instead of waiting).
     */
    static <T> T locked(Path folder, Supplier<T> work) {
        Path dir = folder.toAbsolutePath().normalize();
        String monitor = ("com.busos.campaign.sandbox:" + dir).intern();
        synchronized (monitor) {
            try {
                Files.createDirectories(dir);
                try (FileChannel channel = FileChannel.open(
                                dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock ignored = channel.lock()) {
                    return work.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("sandbox: cannot lock " + dir, e);
            }
        }
    }

    /** Writes {@code content} to {@code file} atomically (temporary file in the same folder, then rename). */
    static void write(Path file, byte[] content) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path temp = dir.resolve(TEMP_PREFIX + UUID.randomUUID());
            Files.write(temp, content);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox: cannot write " + file, e);
        }
    }

    static void write(Path file, String content) {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    static void writeJson(Path file, JsonNode node) {
        try {
            write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's JSON, or null when it does not exist (any more). */
    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox: cannot read " + file, e);
        }
    }

    /** A data file's name: not a temporary file, not the lock, not hidden. */
    static boolean isData(Path file, String extension) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && name.endsWith(extension) && Files.isRegularFile(file);
    }
}
