package com.busos.campaign.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.Campaign;
import com.busos.campaign.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** §3.1 settings: OpenFaaS secret file, then system property, then environment; names, never values, in errors. */
class CampaignConfigTest {
    @TempDir
    Path secrets;

    private final Properties properties = new Properties();
    private final Map<String, String> env = new HashMap<>();
    private ConfigSource source;

    @BeforeEach
    void source() {
        source = new ConfigSource(secrets, properties, env);
    }

    private void secretFile(String name, String content) throws IOException {
        Files.writeString(secrets.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void secretFileWinsOverPropertyAndEnvironment() throws IOException {
        secretFile("notion-token", "from-file\n");
        properties.setProperty("NOTION_TOKEN", "from-property");
        env.put("NOTION_TOKEN", "from-env");
        assertEquals(Optional.of("from-file"), source.get(Setting.NOTION_TOKEN));
    }

    @Test
    void systemPropertyWinsOverEnvironment() {
        properties.setProperty("RESEND_API_KEY", "from-property");
        env.put("RESEND_API_KEY", "from-env");
        assertEquals(Optional.of("from-property"), source.get(Setting.RESEND_API_KEY));
    }

    @Test
    void environmentIsTheLastResort() {
        env.put("NOTION_EMAIL_SEQUENCE_DB_ID", "db-from-env");
        assertEquals(Optional.of("db-from-env"), source.get(Setting.NOTION_EMAIL_SEQUENCE_DB_ID));
        assertEquals(Optional.empty(), source.get(Setting.NOTION_BUSINESSX_DB_ID));
    }

    @Test
    void blankValuesCountAsUnset() throws IOException {
        secretFile("notion-token", "  \n");
        properties.setProperty("NOTION_TOKEN", "   ");
        env.put("NOTION_TOKEN", "from-env");
        assertEquals(Optional.of("from-env"), source.get(Setting.NOTION_TOKEN));

        env.put("RESEND_API_KEY", "\t ");
        assertEquals(Optional.empty(), source.get(Setting.RESEND_API_KEY));
    }

    @Test
    void valuesAreTrimmed() throws IOException {
        secretFile("resend-api-key", "re_abc\n");
        env.put("NOTION_BASE_URL", " http://127.0.0.1:9 ");
        assertEquals(Optional.of("re_abc"), source.get(Setting.RESEND_API_KEY));
        assertEquals(Optional.of("http://127.0.0.1:9"), source.get(Setting.NOTION_BASE_URL));
    }

    @Test
    void plainEnvironmentSettingsAreNotReadFromSecretFiles() throws IOException {
        secretFile("REDIS_URL", "redis://from-file:6379");
        env.put("REDIS_URL", "redis://from-env:6379");
        assertEquals(Optional.of("redis://from-env:6379"), source.get(Setting.REDIS_URL));
    }

    @ParameterizedTest(name = "TESTING_MODE=\"{0}\" -> {1}")
    @CsvSource({
        "true, true",
        "TRUE, true",
        "True, true",
        "' true ', true",
        "1, false",
        "yes, false",
        "false, false",
        "on, false",
        "truee, false"
    })
    void testingModeOnlyForCaseInsensitiveTrue(String value, boolean expected) {
        env.put("TESTING_MODE", value);
        assertEquals(expected, CampaignConfig.from(source).testingMode());
    }

    @Test
    void testingModeIsOffWhenUnsetAndReadableFromItsSecret() throws IOException {
        assertFalse(CampaignConfig.from(source).testingMode());
        secretFile("testing-mode", "TRUE\n");
        assertTrue(CampaignConfig.from(source).testingMode());
    }

    @Test
    void everyMissingRequiredSettingIsNamedInOneException() {
        CampaignConfig config = CampaignConfig.from(source);
        MissingConfigurationException missing =
                assertThrows(MissingConfigurationException.class, () -> config.requireAll(Campaign.SEND_SETTINGS));
        assertEquals(Campaign.SEND_SETTINGS, missing.missing());
        String message = missing.getMessage();
        assertTrue(message.contains("notion-token (NOTION_TOKEN)"), message);
        assertTrue(message.contains("notion-email-templates-db-id (NOTION_EMAIL_TEMPLATES_DB_ID)"), message);
        assertTrue(message.contains("notion-email-sequence-db-id (NOTION_EMAIL_SEQUENCE_DB_ID)"), message);
        assertTrue(message.contains("resend-api-key (RESEND_API_KEY)"), message);
    }

    @Test
    void theMessageNamesOnlyWhatIsMissingAndNeverAValue() {
        env.put("NOTION_TOKEN", "secret_do_not_print_me");
        env.put("RESEND_API_KEY", "re_do_not_print_me");
        CampaignConfig config = CampaignConfig.from(source);
        MissingConfigurationException missing =
                assertThrows(MissingConfigurationException.class, () -> config.requireAll(Campaign.SEND_SETTINGS));
        // send-email runs the CRM jobs too: the contacts' database is one of its settings.
        assertEquals(
                List.of(
                        Setting.NOTION_EMAIL_TEMPLATES_DB_ID,
                        Setting.NOTION_EMAIL_SEQUENCE_DB_ID,
                        Setting.NOTION_BUSINESSX_DB_ID),
                missing.missing());
        assertFalse(missing.getMessage().contains("do_not_print_me"), missing.getMessage());
        assertFalse(missing.getMessage().contains("NOTION_TOKEN"), missing.getMessage());
        assertFalse(config.toString().contains("do_not_print_me"), config.toString());
    }

    @Test
    void requireNamesTheSingleMissingSetting() {
        MissingConfigurationException missing = assertThrows(
                MissingConfigurationException.class,
                () -> CampaignConfig.from(source).require(Setting.NOTION_BUSINESSX_DB_ID));
        assertTrue(missing.getMessage().contains("notion-businessx-db-id (NOTION_BUSINESSX_DB_ID)"));
    }

    @Test
    void servicesCheckTheirSettingsBeforeBuildingAnything() {
        Campaign campaign =
                new Campaign(CampaignConfig.of(Map.of(Setting.NOTION_TOKEN, "secret_value_x")), Clock.systemUTC());
        Log log = Log.to("test", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        MissingConfigurationException send =
                assertThrows(MissingConfigurationException.class, () -> campaign.emailDelivery(log));
        assertEquals(
                List.of(
                        Setting.NOTION_EMAIL_TEMPLATES_DB_ID,
                        Setting.NOTION_EMAIL_SEQUENCE_DB_ID,
                        Setting.NOTION_BUSINESSX_DB_ID,
                        Setting.RESEND_API_KEY),
                send.missing());

        MissingConfigurationException signup =
                assertThrows(MissingConfigurationException.class, () -> campaign.signupService(log));
        assertEquals(List.of(Setting.NOTION_EMAIL_SEQUENCE_DB_ID, Setting.NOTION_BUSINESSX_DB_ID), signup.missing());
        assertTrue(signup.getMessage().contains("notion-businessx-db-id (NOTION_BUSINESSX_DB_ID)"));
        assertFalse(signup.getMessage().contains("secret_value_x"));
    }

    @Test
    void defaults() {
        CampaignConfig config = CampaignConfig.from(source)
                .withClock(Clock.fixed(java.time.Instant.parse("2026-12-02T10:00:00Z"), java.time.ZoneOffset.UTC));
        assertEquals("https://api.notion.com", config.notionBaseUrl());
        assertEquals("https://api.resend.com", config.resendBaseUrl());
        assertEquals("Christmas 2026", config.campaignName(), "the season's name");
        assertEquals(LocalDate.of(2026, 12, 5), config.campaignDeadline(), "the next 5 December");
        assertEquals("Sang Le - BusOS <value@galatek.dev>", config.emailFrom());
        assertEquals("campaign", config.redisKeyPrefix());
        assertFalse(config.testingMode());
        assertEquals(8, new Campaign(config, Clock.systemUTC()).maxAttempts());
    }

    @Test
    void settingsOverrideTheDefaults() {
        env.put("NOTION_BASE_URL", "http://127.0.0.1:1");
        env.put("RESEND_BASE_URL", "http://127.0.0.1:2");
        env.put("CAMPAIGN_NAME", "Christmas 2026");
        env.put("CAMPAIGN_DEADLINE", "2026-12-04");
        env.put("SEND_MAX_ATTEMPTS", "3");
        CampaignConfig config = CampaignConfig.from(source);
        assertEquals("http://127.0.0.1:1", config.notionBaseUrl());
        assertEquals("http://127.0.0.1:2", config.resendBaseUrl());
        assertEquals("Christmas 2026", config.campaignName());
        assertEquals(LocalDate.of(2026, 12, 4), config.campaignDeadline());
        assertEquals(3, new Campaign(config, Clock.systemUTC()).maxAttempts());
    }

    @Test
    void aConfiguredDeadlineNamesTheCampaignAfterItsYear() {
        env.put("CAMPAIGN_DEADLINE", "2027-12-03");
        assertEquals("Christmas 2027", CampaignConfig.from(source).campaignName());
    }

    @Test
    void aBadDeadlineIsAClearError() {
        env.put("CAMPAIGN_DEADLINE", "Dec 5");
        IllegalStateException error = assertThrows(
                IllegalStateException.class,
                () -> CampaignConfig.from(source)
                        .withClock(
                                Clock.fixed(java.time.Instant.parse("2026-12-02T10:00:00Z"), java.time.ZoneOffset.UTC))
                        .campaignDeadline());
        assertTrue(error.getMessage().contains("CAMPAIGN_DEADLINE"), error.getMessage());
        assertTrue(error.getMessage().contains("2026-12-05"), "shows the expected form: " + error.getMessage());
        assertTrue(error.getMessage().contains("Dec 5"), "shows what was given: " + error.getMessage());
    }

    @Test
    void aBadWholeNumberIsAClearError() {
        env.put("SEND_MAX_ATTEMPTS", "eight");
        IllegalStateException error = assertThrows(
                IllegalStateException.class,
                () -> new Campaign(CampaignConfig.from(source), Clock.systemUTC()).maxAttempts());
        assertTrue(error.getMessage().contains("SEND_MAX_ATTEMPTS"), error.getMessage());
    }

    @Test
    void equalSnapshotsAreEqual() {
        env.put("NOTION_TOKEN", "t");
        assertEquals(CampaignConfig.from(source), CampaignConfig.of(Map.of(Setting.NOTION_TOKEN, "t")));
        assertEquals(
                CampaignConfig.from(source).hashCode(),
                CampaignConfig.of(Map.of(Setting.NOTION_TOKEN, "t")).hashCode());
    }

    @Test
    void aRedisClusterIsChosenByRedisClusterNodesWhichWinsOverRedisUrlAndBlankMeansUnset() {
        CampaignConfig single = CampaignConfig.of(Map.of(Setting.REDIS_URL, "redis://user:secret@redis:6379"));
        assertEquals(Optional.empty(), single.redisClusterNodes());
        assertEquals("redis://user:***@redis:6379", single.redisLocation());

        CampaignConfig blank = CampaignConfig.of(Map.of(Setting.REDIS_CLUSTER_NODES, "  "));
        assertEquals(Optional.empty(), blank.redisClusterNodes(), "stack.yml's empty default: one node");

        CampaignConfig cluster = CampaignConfig.of(
                Map.of(Setting.REDIS_URL, "redis://redis:6379", Setting.REDIS_CLUSTER_NODES, " a:7000,b:7001 "));
        assertEquals(Optional.of("a:7000,b:7001"), cluster.redisClusterNodes());
        assertEquals("cluster a:7000,b:7001", cluster.redisLocation());
    }
}
