package com.busos.campaign.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.config.CampaignConfig;
import com.busos.campaign.config.InvalidSettingException;
import com.busos.campaign.config.Setting;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PUBLIC_GATEWAY_URL: https outside the sandbox, http or https in it, never scheme-less. */
class PublicGatewayUrlTest {
    private static CampaignConfig config(String url, boolean sandbox) {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        if (url != null) settings.put(Setting.PUBLIC_GATEWAY_URL, url);
        if (sandbox) settings.put(Setting.SANDBOX_DIR, "/tmp/sandbox");
        return CampaignConfig.of(settings);
    }

    @Test
    void anHttpsUrlWithAHostIsTheBaseOfTheLinks() {
        for (String url :
                List.of("https://faas.example.com", "https://faas.example.com/", "HTTPS://faas.example.com:8443/gw")) {
            assertEquals(Optional.of(url), PublicGatewayUrl.of(config(url, false)), url);
        }
        assertEquals(
                Optional.empty(), PublicGatewayUrl.of(config(null, false)), "unset: no links (campaign-health fails)");
    }

    @Test
    void outsideTheSandboxAPlainHttpOrSchemeLessUrlIsAConfigurationErrorNamingTheSetting() {
        for (String url : List.of(
                "http://faas.example.com",
                "faas.example.com",
                "//faas.example.com",
                "ftp://faas.example.com",
                "https://",
                "https:///function",
                "https://faas.example.com/?a=b",
                "https://faas.example.com/#top",
                "https://faas example.com")) {
            InvalidSettingException invalid =
                    assertThrows(InvalidSettingException.class, () -> PublicGatewayUrl.of(config(url, false)), url);
            assertEquals(Setting.PUBLIC_GATEWAY_URL, invalid.setting());
            assertTrue(invalid.getMessage().contains("PUBLIC_GATEWAY_URL must be an https URL"), invalid.getMessage());
        }
    }

    @Test
    void inTheSandboxTheLocalGatewaysHttpAddressIsFineButASchemeIsStillNeeded() {
        assertEquals(Optional.of("http://127.0.0.1:8080"), PublicGatewayUrl.of(config("http://127.0.0.1:8080", true)));
        assertEquals(
                Optional.of("https://faas.example.com"), PublicGatewayUrl.of(config("https://faas.example.com", true)));
        InvalidSettingException invalid =
                assertThrows(InvalidSettingException.class, () -> PublicGatewayUrl.of(config("127.0.0.1:8080", true)));
        assertTrue(invalid.getMessage().contains("an http or https URL"), invalid.getMessage());
    }
}
