package com.busos.campaign.config;

import java.util.Optional;
import java.util.regex.Pattern;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

/**
 * How the campaign's pages look: the brand's name, its colour and an optional logo. The defaults are
 * the emails' own (the templates' header and footer partials: the label colour #b5473a on the
 * #f6f1ea page), so a recipient who clicks "Unsubscribe" lands on a page that looks like the email.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
@Getter
public final class Brand {
    public static final String DEFAULT_NAME = "BusOS";
    public static final String DEFAULT_COLOR = "#b5473a";
    /** The page behind the card, as in the emails. */
    public static final String BACKGROUND = "#f6f1ea";

    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final int MAX_NAME = 80;
    private static final int MAX_URL = 500;

    private final String name;
    /** {@code #rrggbb}, lower case. */
    private final String color;

    private final Optional<String> logoUrl;

    public static Brand defaults() {
        return new Brand(DEFAULT_NAME, DEFAULT_COLOR, Optional.empty());
    }

    /**
     * The brand from BRAND_NAME, BRAND_COLOR and BRAND_LOGO_URL (each may be unset: its default applies).
     * A colour other than {@code #rrggbb}, a logo URL that is not https, or an overlong value is a
     * configuration error naming the setting, never a page that renders something unexpected.
     */
    public static Brand from(CampaignConfig config) {
        String name = value(config, Setting.BRAND_NAME).orElse(DEFAULT_NAME);
        if (name.length() > MAX_NAME) {
            throw new InvalidSettingException(Setting.BRAND_NAME, "at most " + MAX_NAME + " characters", name);
        }
        String color = value(config, Setting.BRAND_COLOR).orElse(DEFAULT_COLOR);
        if (!COLOR.matcher(color).matches()) {
            throw new InvalidSettingException(Setting.BRAND_COLOR, "a colour like " + DEFAULT_COLOR, color);
        }
        Optional<String> logo = value(config, Setting.BRAND_LOGO_URL);
        if (logo.isPresent()
                && (!logo.get().startsWith("https://") || logo.get().length() > MAX_URL)) {
            throw new InvalidSettingException(
                    Setting.BRAND_LOGO_URL, "an https:// address of at most " + MAX_URL + " characters", logo.get());
        }
        return new Brand(name, color.toLowerCase(java.util.Locale.ROOT), logo);
    }

    private static Optional<String> value(CampaignConfig config, Setting setting) {
        return config.get(setting).map(String::trim).filter(value -> !value.isEmpty());
    }
}
