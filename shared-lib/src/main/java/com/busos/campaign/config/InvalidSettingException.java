package com.busos.campaign.config;

/** A setting is set to a value the campaign cannot use; the message names the setting and what it takes. */
public final class InvalidSettingException extends RuntimeException {
    private final Setting setting;

    public InvalidSettingException(Setting setting, String expected, String value) {
        super("invalid configuration: " + setting.label() + " must be " + expected + ", got: " + value);
        this.setting = setting;
    }

    public Setting setting() {
        return setting;
    }
}
