package com.busos.campaign.webhook;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.InvalidSettingException;
import com.busos.campaign.config.Setting;
import com.busos.campaign.log.Log;
import java.util.Locale;
import java.util.Optional;

/**
 * How the website webhooks (christmas-signup, postcall-maybe, onboarding-start, calendly-noshow's flat
 * form) are authenticated in a configuration. Fail closed: with the {@code webhook-secret} set, a valid
 * Standard Webhooks signature is needed; without it, outside sandbox mode, every call is refused (401)
 * unless the operator opts out with {@code WEBHOOK_AUTH=none}; a webhook that cancels sequences
 * (onboarding-start: a conversion) refuses unsigned calls even then. Sandbox mode (SANDBOX_DIR, local
 * and offline) accepts unsigned calls when no secret is set.
 */
public final class WebhookAuth {
    /** WEBHOOK_AUTH's default: webhooks are signed, and refused without a webhook-secret to check them. */
    public static final String SIGNED = "signed";
    /** WEBHOOK_AUTH's opt-out: without a webhook-secret, unsigned calls are accepted. */
    public static final String NONE = "none";
    /** The answer of a refused call: generic; the log says which secret is missing. */
    public static final String REFUSED = "signed webhooks required";

    public enum Mode {
        /** webhook-secret set: a valid signature is needed. */
        SIGNED,
        /** Sandbox mode without a webhook-secret: unsigned calls are accepted. */
        SANDBOX_UNSIGNED,
        /** WEBHOOK_AUTH=none without a webhook-secret: unsigned calls accepted, except where sequences are cancelled. */
        OPTED_OUT,
        /** No webhook-secret outside sandbox mode: every call is refused. */
        SECRET_MISSING
    }

    private WebhookAuth() {}

    /**
     * This configuration's mode; an unknown WEBHOOK_AUTH, or a webhook-secret that gives no key
     * ({@link WebhookSecrets}), is an {@link InvalidSettingException}.
     */
    public static Mode mode(CampaignConfig config) {
        boolean optedOut = optedOut(config);
        Optional<String> secret = config.get(Setting.WEBHOOK_SECRET);
        if (secret.isPresent()) {
            StandardWebhookSignature.check(Setting.WEBHOOK_SECRET, secret.get());
            return Mode.SIGNED;
        }
        if (config.get(Setting.SANDBOX_DIR).isPresent()) return Mode.SANDBOX_UNSIGNED;
        return optedOut ? Mode.OPTED_OUT : Mode.SECRET_MISSING;
    }

    /** WEBHOOK_AUTH is {@code none}; {@code signed} or unset is false, anything else a configuration error. */
    public static boolean optedOut(CampaignConfig config) {
        String value = config.get(Setting.WEBHOOK_AUTH).orElse(SIGNED);
        String normalised = value.toLowerCase(Locale.ROOT);
        if (normalised.equals(SIGNED)) return false;
        if (normalised.equals(NONE)) return true;
        throw new InvalidSettingException(Setting.WEBHOOK_AUTH, SIGNED + " or " + NONE, value);
    }

    /** Whether a call without a signature is accepted ({@code cancelsSequences}: onboarding-start). */
    public static boolean acceptsUnsigned(Mode mode, boolean cancelsSequences) {
        return mode == Mode.SANDBOX_UNSIGNED || (mode == Mode.OPTED_OUT && !cancelsSequences);
    }

    /** Why an unsigned call is refused, for the operator's log (names the missing secret). */
    public static String refusal(Mode mode, boolean cancelsSequences) {
        if (mode == Mode.OPTED_OUT && cancelsSequences) {
            return Setting.WEBHOOK_SECRET.label() + " is not set: this webhook cancels sequences and needs a"
                    + " valid signature even with WEBHOOK_AUTH=none";
        }
        return Setting.WEBHOOK_SECRET.label() + " is not set: every call is refused (set it, or WEBHOOK_AUTH=none"
                + " to accept unsigned calls)";
    }

    /** The line a webhook function writes at start about how its calls are authenticated. */
    public static void logAtStart(Log log, CampaignConfig config, boolean cancelsSequences) {
        Mode mode;
        try {
            mode = mode(config);
        } catch (InvalidSettingException invalid) {
            log.error("config.invalid").error(invalid).write();
            return;
        }
        switch (mode) {
            case SIGNED:
                log.info("webhook.auth")
                        .with("mode", "signed")
                        .with("detail", "a valid Standard Webhooks signature is needed")
                        .write();
                return;
            case SANDBOX_UNSIGNED:
                log.info("webhook.auth")
                        .with("mode", "sandbox")
                        .with(
                                "detail",
                                "sandbox mode without " + Setting.WEBHOOK_SECRET.label()
                                        + ": unsigned calls are accepted")
                        .write();
                return;
            case OPTED_OUT:
                if (cancelsSequences) {
                    log.error("webhook.secret_missing")
                            .with("mode", "none")
                            .with("detail", refusal(mode, true))
                            .write();
                } else {
                    log.warn("webhook.unsigned_accepted")
                            .with("mode", "none")
                            .with("detail", "WEBHOOK_AUTH=none: unsigned calls are accepted")
                            .write();
                }
                return;
            default:
                log.error("webhook.secret_missing")
                        .with("mode", "signed")
                        .with("detail", refusal(mode, cancelsSequences))
                        .write();
        }
    }
}
