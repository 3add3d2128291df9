package com.busos.campaign.config;

import java.util.List;
import java.util.stream.Collectors;
import lombok.Getter;

/** Required settings are absent; the message names each one (secret and variable), never a value. */
@Getter
public final class MissingConfigurationException extends RuntimeException {
    private final List<Setting> missing;

    public MissingConfigurationException(List<Setting> missing) {
        super("missing configuration: " + missing.stream().map(Setting::label).collect(Collectors.joining(", ")));
        this.missing = List.copyOf(missing);
    }
}
