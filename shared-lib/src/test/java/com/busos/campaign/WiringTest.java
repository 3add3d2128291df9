package com.busos.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.config.ConfigSource;
import com.busos.campaign.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A function's module is built once per configuration, rebuilt when a secret changes, and the old one closed. */
class WiringTest {
    /** A module that remembers its configuration and whether it was closed. */
    static final class Module implements AutoCloseable {
        final Campaign campaign;
        final AtomicBoolean closed = new AtomicBoolean();

        Module(Campaign campaign) {
            this.campaign = campaign;
        }

        String token() {
            return campaign.config().get(Setting.NOTION_TOKEN).orElse("");
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private final Properties properties = new Properties();
    private final List<Module> built = new ArrayList<>();

    private Wiring<Module> wiring(Path secrets) {
        return Wiring.of(() -> new ConfigSource(secrets, properties, Map.of()), campaign -> {
            Module module = new Module(campaign);
            built.add(module);
            return module;
        });
    }

    private static void writeSecret(Path secrets, String name, String value, Instant modified) throws Exception {
        Path file = secrets.resolve(name);
        Files.writeString(file, value);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    @Test
    void theModuleIsBuiltOnceWhileNothingChanges(@TempDir Path secrets) throws Exception {
        writeSecret(secrets, "notion-token", "secret_one", Instant.parse("2025-11-01T00:00:00Z"));
        Wiring<Module> wiring = wiring(secrets);
        Module first = wiring.call(module -> module);
        for (int i = 0; i < 5; i++) assertSame(first, wiring.call(module -> module));
        assertEquals("secret_one", first.token());
        assertEquals(1, built.size());
    }

    @Test
    void aRotatedSecretBuildsANewModuleAndClosesTheOldOne(@TempDir Path secrets) throws Exception {
        writeSecret(secrets, "notion-token", "secret_one", Instant.parse("2025-11-01T00:00:00Z"));
        Wiring<Module> wiring = wiring(secrets);
        Module first = wiring.call(module -> module);

        writeSecret(secrets, "notion-token", "secret_two", Instant.parse("2025-11-02T00:00:00Z"));
        Module second = wiring.call(module -> module);

        assertNotSame(first, second);
        assertEquals("secret_two", second.token());
        assertTrue(first.closed.get(), "the replaced module is closed");
        assertFalse(second.closed.get());
    }

    @Test
    void aModuleInUseIsClosedOnlyWhenItsCallEnds(@TempDir Path secrets) throws Exception {
        writeSecret(secrets, "notion-token", "secret_one", Instant.parse("2025-11-01T00:00:00Z"));
        Wiring<Module> wiring = wiring(secrets);
        Module replaced = wiring.call(first -> {
            // the secret is rotated while this call runs; a second call gets the new module
            try {
                writeSecret(secrets, "notion-token", "secret_two", Instant.parse("2025-11-02T00:00:00Z"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            Module second = wiring.call(module -> module);
            assertNotSame(first, second);
            assertFalse(first.closed.get(), "still in use by this call");
            return first;
        });
        assertTrue(replaced.closed.get(), "closed once its last call ended");
    }

    @Test
    void anUnchangedConfigurationKeepsItsModuleEvenWhenTheFileIsTouched(@TempDir Path secrets) throws Exception {
        writeSecret(secrets, "notion-token", "secret_one", Instant.parse("2025-11-01T00:00:00Z"));
        Wiring<Module> wiring = wiring(secrets);
        Module first = wiring.call(module -> module);
        writeSecret(secrets, "notion-token", "secret_one", Instant.parse("2025-11-03T00:00:00Z"));
        assertSame(first, wiring.call(module -> module));
        assertFalse(first.closed.get());
    }

    @Test
    void aSettingGivenAsAPropertyIsSeenToo(@TempDir Path secrets) {
        Wiring<Module> wiring = wiring(secrets);
        assertEquals("", wiring.call(Module::token));
        properties.setProperty("NOTION_TOKEN", "secret_property");
        assertEquals("secret_property", wiring.call(Module::token));
        assertEquals(2, built.size());
    }
}
