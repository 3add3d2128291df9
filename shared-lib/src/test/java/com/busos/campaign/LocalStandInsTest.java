package com.busos.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.InvalidSettingException;
import com.busos.campaign.config.Setting;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** shared-lib's class path is a function image's: it has no sandbox, so SANDBOX_DIR is refused. */
class LocalStandInsTest {
    @Test
    void withoutSandboxDirThereAreNoStandIns() {
        assertTrue(LocalStandIns.of(CampaignConfig.of(Map.of())).isEmpty());
    }

    @Test
    void sandboxDirWithoutTheSandboxModuleIsAnInvalidSettingNamingIt() {
        CampaignConfig config = CampaignConfig.of(Map.of(Setting.SANDBOX_DIR, "/tmp/sandbox"));
        InvalidSettingException refused =
                assertThrows(InvalidSettingException.class, () -> new Campaign(config, Clock.systemUTC()));
        assertEquals(Setting.SANDBOX_DIR, refused.setting());
        assertTrue(refused.getMessage().contains("SANDBOX_DIR"), refused.getMessage());
        assertTrue(refused.getMessage().contains("local gateway"), refused.getMessage());
    }
}
