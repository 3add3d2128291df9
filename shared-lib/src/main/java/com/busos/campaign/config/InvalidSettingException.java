package com.busos.campaign.config;

import lombok.Getter;

/** A setting is set to a value the campaign cannot use; the message names the setting and what it takes. */
@Getter
public final class InvalidSettingException extends RuntimeException {
    private final Setting setting;

    public InvalidSettingException(Setting setting, String expected, String value) {
        this(setting, "invalid configuration: " + setting.label() + " must be " + expected + ", got: " + value);
    }

    private InvalidSettingException(Setting setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** For a secret: says what is wrong with the value ({@code problem}) without ever showing it. */
    public static InvalidSettingException ofSecret(Setting setting, String expected, String problem) {
        return new InvalidSettingException(
                setting, "invalid configuration: " + setting.label() + " must be " + expected + ": " + problem);
    }
}
