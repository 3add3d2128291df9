package com.busos.campaign.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busos.campaign.e2e.browser.HeadlessChromium;
import com.busos.campaign.gateway.LocalGateway;
import com.busos.campaign.testing.TestCampaign;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page a recipient sees, as the quick start makes it: the sample signup's E2 lands in the outbox, its
 * footer's unsubscribe link (to the local gateway) is opened in headless Chromium at a phone's width
 * (390 × 844 CSS pixels): the page fits the screen (no sideways scroll), its text is at least 16 px, its
 * button is a large touch target in the brand's colour, and a screen reader finds a language, a main
 * landmark, one heading and a named button. Pressing the button unsubscribes: the result page says so,
 * the address is on the suppression list and E3–E5 are cancelled. Screenshots:
 * target/screenshots/UnsubscribePageBrowserTest-*.png.
 */
class UnsubscribePageBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = SandboxCalls.REPO;
    private static final Pattern FOOTER_LINK = Pattern.compile("href=\"([^\"]*/function/unsubscribe\\?token=[^\"]+)\"");
    private static final int PHONE_WIDTH = 390;
    private static final int PHONE_HEIGHT = 844;

    @TempDir
    Path root;

    private LocalGateway gateway;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private SandboxCalls calls;

    @BeforeEach
    void start() throws Exception {
        TestCampaign.clearSystemProperties();
        gateway = SandboxCalls.start(root.resolve("sandbox"), root.resolve("no-secrets"), logs);
        calls = new SandboxCalls(gateway);
    }

    @AfterEach
    void stop() {
        gateway.close();
        TestCampaign.clearSystemProperties();
    }

    @Test
    void theUnsubscribeLinkOfAnEmailOpensAPhoneSizedPageWhoseButtonUnsubscribes() throws Exception {
        String sample = Files.readString(REPO.resolve("templates/samples/5day.json"));
        String address = JSON.readTree(sample).path("email").asText();
        HttpResponse<String> signup = calls.post("/function/christmas-signup", sample);
        assertEquals(202, signup.statusCode(), signup.body());
        calls.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertEquals(1, calls.tick().path("handed_off").asInt(), "E2 goes out");

        String html = outboxHtml();
        Matcher link = FOOTER_LINK.matcher(html);
        assertTrue(link.find(), "the email's footer has its unsubscribe link");
        String url = link.group(1).replace("&amp;", "&");
        assertTrue(url.startsWith(gateway.baseUrl() + "/function/unsubscribe?token="), url);

        try (HeadlessChromium browser = HeadlessChromium.start(PHONE_WIDTH, PHONE_HEIGHT)) {
            WebDriver driver = browser.driver();
            driver.get(url);
            WebElement button = new WebDriverWait(driver, Duration.ofSeconds(30))
                    .until(ExpectedConditions.elementToBeClickable(By.cssSelector("main form button")));
            browser.screenshot("UnsubscribePageBrowserTest-1-confirmation-phone");

            JavascriptExecutor page = (JavascriptExecutor) driver;
            long viewport = ((Number) page.executeScript("return window.innerWidth")).longValue();
            long content = ((Number) page.executeScript("return document.documentElement.scrollWidth")).longValue();
            assertTrue(content <= viewport, "no sideways scroll at a phone's width: " + content + " > " + viewport);
            assertTrue(
                    button.getRect().getX() >= 0
                            && button.getRect().getX() + button.getRect().getWidth() <= viewport,
                    "the button is on the screen: " + button.getRect());
            assertTrue(button.getRect().getHeight() >= 44, "a touch target of 44 px at least: " + button.getRect());
            assertEquals("rgba(181, 71, 58, 1)", button.getCssValue("background-color"), "the brand's colour, #b5473a");
            WebElement text = driver.findElement(By.cssSelector("main h1 + p"));
            assertTrue(pixels(text.getCssValue("font-size")) >= 16, "readable text: " + text.getCssValue("font-size"));

            // what a screen reader finds
            assertEquals("en", driver.findElement(By.tagName("html")).getAttribute("lang"));
            assertEquals(1, driver.findElements(By.tagName("main")).size(), "one main landmark");
            List<WebElement> headings = driver.findElements(By.tagName("h1"));
            assertEquals(1, headings.size());
            assertEquals("Unsubscribe?", headings.get(0).getText());
            assertEquals("Unsubscribe", button.getAccessibleName());
            assertTrue(driver.findElement(By.tagName("main")).getText().contains(address), "it names the address");
            assertEquals(0, Long.parseLong(suppressedCount()), "opening the page changes nothing");

            button.click();
            // the result page replaces this one: wait for its heading, then read it afresh
            new WebDriverWait(driver, Duration.ofSeconds(30))
                    .until(ExpectedConditions.textToBe(By.tagName("h1"), "You are unsubscribed"));
            browser.screenshot("UnsubscribePageBrowserTest-2-unsubscribed-phone");
            long after = ((Number) page.executeScript("return document.documentElement.scrollWidth")).longValue();
            assertTrue(after <= viewport, "the result fits too");
            assertTrue(driver.findElement(By.tagName("main")).getText().contains(address), "it names the address");
        }

        assertEquals("1", suppressedCount(), "the address is on the suppression list");
        JsonNode sends = adminSends(address);
        assertTrue(sends.path("suppressed").asBoolean(), sends.toString());
        long pendingEmails = 0;
        for (JsonNode send : sends.path("pending"))
            if (!"crm".equals(send.path("kind").asText())) pendingEmails++;
        assertEquals(0, pendingEmails, "E3-E5 cancelled: " + sends);
    }

    private static double pixels(String cssValue) {
        return Double.parseDouble(cssValue.replace("px", ""));
    }

    private String outboxHtml() throws Exception {
        try (Stream<Path> files = Files.list(root.resolve("sandbox").resolve("outbox"))) {
            List<Path> html = files.filter(f -> f.toString().endsWith(".html")).collect(Collectors.toList());
            assertEquals(1, html.size(), "one email in the outbox: " + html);
            return Files.readString(html.get(0));
        }
    }

    private String suppressedCount() throws Exception {
        return Long.toString(stats().path("suppressed").asLong());
    }

    private JsonNode stats() throws Exception {
        return admin("/function/campaign-admin/stats");
    }

    private JsonNode adminSends(String address) throws Exception {
        return admin("/function/campaign-admin/sends?email=" + address);
    }

    private JsonNode admin(String path) throws Exception {
        String token =
                Files.readString(root.resolve("sandbox/secrets/admin-token")).trim();
        HttpResponse<String> response = calls.get(path, Map.of("Authorization", "Bearer " + token));
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
