package com.busos.campaign.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import lombok.RequiredArgsConstructor;

/**
 * Where raw setting values come from, in order: the OpenFaaS secret file, a Java system property named
 * like the environment variable (the local gateway runs every function in one JVM and sets these),
 * then the environment variable. Blank values count as unset.
 */
@RequiredArgsConstructor
public final class ConfigSource {
    public static final String DEFAULT_SECRETS_DIR = "/var/openfaas/secrets";

    private final Path secretsDir;
    private final Properties systemProperties;
    private final Map<String, String> environment;

    /** The real process: SECRETS_DIR (property or env) or /var/openfaas/secrets, system properties, env. */
    public static ConfigSource system() {
        Properties properties = System.getProperties();
        Map<String, String> env = System.getenv();
        String dir = nonBlank(properties.getProperty("SECRETS_DIR"));
        if (dir == null) dir = nonBlank(env.get("SECRETS_DIR"));
        return new ConfigSource(Paths.get(dir == null ? DEFAULT_SECRETS_DIR : dir), properties, env);
    }

    public Optional<String> get(Setting setting) {
        if (setting.secretName() != null) {
            String fromFile = readSecret(setting.secretName());
            if (fromFile != null) return Optional.of(fromFile);
        }
        String fromProperty = nonBlank(systemProperties.getProperty(setting.envName()));
        if (fromProperty != null) return Optional.of(fromProperty);
        return Optional.ofNullable(nonBlank(environment.get(setting.envName())));
    }

    /**
     * What the settings would be read from, without reading a secret: the secrets folder, each secret
     * file's identity, size and modification time, and the system properties and environment
     * variables of the settings. Equal fingerprints read equal configurations. Never logged.
     */
    public String fingerprint() {
        StringBuilder print = new StringBuilder(secretsDir.toString());
        for (Setting setting : Setting.values()) {
            print.append('\n').append(setting.name()).append(':');
            if (setting.secretName() != null) {
                try {
                    BasicFileAttributes file =
                            Files.readAttributes(secretsDir.resolve(setting.secretName()), BasicFileAttributes.class);
                    print.append(file.fileKey())
                            .append('/')
                            .append(file.size())
                            .append('/')
                            .append(file.lastModifiedTime());
                } catch (IOException absent) {
                    print.append('-');
                }
            }
            print.append('|')
                    .append(systemProperties.getProperty(setting.envName()))
                    .append('|')
                    .append(environment.get(setting.envName()));
        }
        return print.toString();
    }

    private String readSecret(String name) {
        Path file = secretsDir.resolve(name);
        if (!Files.isRegularFile(file)) return null;
        try {
            return nonBlank(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            // An unreadable secret is reported as missing by name, never with its content.
            return null;
        }
    }

    private static String nonBlank(String value) {
        if (value == null) return null;
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
