package com.busos.campaign.e2e;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Copies what the process prints (the functions' JSON log lines) while it is open. */
final class StdoutCopy implements AutoCloseable {
    private final PrintStream original = System.out;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    StdoutCopy() {
        System.setOut(new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        original.write(b);
                        synchronized (copy) {
                            copy.write(b);
                        }
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) {
                        original.write(bytes, offset, length);
                        synchronized (copy) {
                            copy.write(bytes, offset, length);
                        }
                    }
                },
                true,
                StandardCharsets.UTF_8));
    }

    String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}
