package com.busos.campaign.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrandTest {
    @Test
    void unsetTheBrandIsTheEmailsOwn() {
        Brand brand = Brand.from(CampaignConfig.of(Map.of(Setting.BRAND_COLOR, " ")));
        assertEquals("BusOS", brand.name());
        assertEquals("#b5473a", brand.color());
        assertTrue(brand.logoUrl().isEmpty());
    }

    @Test
    void aColourThatIsNotRrggbbOrALogoThatIsNotHttpsIsAConfigurationErrorNamingTheSetting() {
        for (String color : new String[] {"red", "#b5473a;background:url(x)", "#fff", "b5473a"}) {
            InvalidSettingException error = assertThrows(
                    InvalidSettingException.class,
                    () -> Brand.from(CampaignConfig.of(Map.of(Setting.BRAND_COLOR, color))));
            assertEquals(Setting.BRAND_COLOR, error.setting());
        }
        for (String logo : new String[] {"http://example.com/logo.png", "javascript:alert(1)", "//example.com/x.png"}) {
            InvalidSettingException error = assertThrows(
                    InvalidSettingException.class,
                    () -> Brand.from(CampaignConfig.of(Map.of(Setting.BRAND_LOGO_URL, logo))));
            assertEquals(Setting.BRAND_LOGO_URL, error.setting());
        }
        Brand brand = Brand.from(CampaignConfig.of(Map.of(
                Setting.BRAND_NAME,
                "Glow",
                Setting.BRAND_COLOR,
                "#00AA33",
                Setting.BRAND_LOGO_URL,
                "https://example.com/l.png")));
        assertEquals("#00aa33", brand.color());
        assertEquals("Glow", brand.name());
    }
}
