package com.busos.campaign;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.InvalidSettingException;
import com.busos.campaign.config.Setting;
import com.busos.campaign.health.HealthCheck;
import com.busos.campaign.notion.NotionApi;
import com.busos.campaign.resend.Mailer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What sandbox mode ({@code SANDBOX_DIR} set) puts in place of Notion and Resend. The implementation
 * is the sandbox module's, found with {@link ServiceLoader}: only the local gateway and the tools have
 * it on their classpath (the gateway lends it to every function it loads), and a function's image does
 * not, so {@code SANDBOX_DIR} set in a deployment is refused instead of quietly sending the campaign's
 * emails to a folder.
 */
public interface LocalStandIns {

    /** Makes the stand-ins of a configuration; registered in {@code META-INF/services}. */
    interface Provider {
        LocalStandIns open(CampaignConfig config);
    }

    /**
     * The configuration with the settings the real clients would need filled in where unset (the
     * stand-ins never use them), so the functions run unchanged and never know.
     */
    CampaignConfig withDefaults(CampaignConfig config);

    /** Notion's stand-in; its Email Templates database is {@code templatesDatabaseId}. */
    NotionApi notion(String templatesDatabaseId, Clock clock);

    /** Resend's stand-in. */
    Mailer mailer(Clock clock);

    /** campaign-health's view of the two stand-ins. */
    HealthCheck.Providers health(Clock clock);

    /** Where the stand-in reads the email templates from (for messages that name the source). */
    Path templatesFolder();

    /**
     * The stand-ins when SANDBOX_DIR is set, from the first provider on the class path of this
     * interface; fails naming SANDBOX_DIR when there is none.
     */
    static Optional<LocalStandIns> of(CampaignConfig config) {
        Optional<String> folder = config.get(Setting.SANDBOX_DIR);
        if (folder.isEmpty()) return Optional.empty();
        Iterator<Provider> providers = ServiceLoader.load(Provider.class, LocalStandIns.class.getClassLoader())
                .iterator();
        if (!providers.hasNext()) {
            throw new InvalidSettingException(
                    Setting.SANDBOX_DIR,
                    "unset here: sandbox mode runs in the local gateway (run-local.sh), and a function's image"
                            + " has no sandbox",
                    folder.get());
        }
        return Optional.of(providers.next().open(config));
    }
}
