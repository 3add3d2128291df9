package com.busos.campaign;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.ConfigSource;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * A function instance's module ({@code M}: what its Handler is made of) for the current configuration.
 * The configuration is read once and read again only when its source changes: a secret file (written,
 * replaced, removed) or a setting given as a system property or in the environment (which in a
 * deployed function never changes; the local gateway and tests set system properties). Then a new
 * {@link Campaign} and module are built and the replaced campaign is closed (its Redis pool), with
 * the module if it is {@link AutoCloseable}, as soon as no call uses it any more. No static state: each Handler holds its own wiring.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class Wiring<M> {
    private final Supplier<ConfigSource> source;
    private final Function<Campaign, M> build;
    private final Clock clock;
    private Generation<M> current;

    /** @param source where the configuration is read from (the process's: {@code ConfigSource::system}) */
    public static <M> Wiring<M> of(Supplier<ConfigSource> source, Function<Campaign, M> build) {
        return new Wiring<>(source, build, Clock.systemUTC());
    }

    /** The configuration in force (read again if its source changed). */
    public CampaignConfig config() {
        Generation<M> generation = acquire();
        try {
            return generation.campaign.config();
        } finally {
            release(generation);
        }
    }

    /** Runs {@code work} with the module of the configuration in force. */
    public <R> R call(Function<M, R> work) {
        Generation<M> generation = acquire();
        try {
            return work.apply(generation.module);
        } finally {
            release(generation);
        }
    }

    private synchronized Generation<M> acquire() {
        ConfigSource read = source.get();
        String fingerprint = read.fingerprint();
        if (current == null || !current.fingerprint.equals(fingerprint)) {
            CampaignConfig config = CampaignConfig.from(read);
            if (current != null && current.config.equals(config)) {
                current.fingerprint = fingerprint;
            } else {
                Generation<M> replaced = current;
                Campaign campaign = new Campaign(config, clock);
                current = new Generation<>(fingerprint, config, campaign, build.apply(campaign));
                if (replaced != null) {
                    replaced.retired = true;
                    closeIfIdle(replaced);
                }
            }
        }
        current.inFlight++;
        return current;
    }

    private synchronized void release(Generation<M> generation) {
        generation.inFlight--;
        closeIfIdle(generation);
    }

    private static void closeIfIdle(Generation<?> generation) {
        if (!generation.retired || generation.inFlight > 0) return;
        if (generation.module instanceof AutoCloseable) {
            try {
                ((AutoCloseable) generation.module).close();
            } catch (Exception ignored) {
                // the module is replaced all the same; its campaign is closed below
            }
        }
        generation.campaign.close();
    }

    private static final class Generation<M> {
        String fingerprint;
        final CampaignConfig config;
        final Campaign campaign;
        final M module;
        int inFlight;
        boolean retired;

        Generation(String fingerprint, CampaignConfig config, Campaign campaign, M module) {
            this.fingerprint = fingerprint;
            this.config = config;
            this.campaign = campaign;
            this.module = module;
        }
    }
}
