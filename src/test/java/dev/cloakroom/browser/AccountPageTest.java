package dev.cloakroom.browser;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import dev.cloakroom.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The account page in a real browser, as a person uses it, checked against the service's own answers. */
@QuarkusTest
class AccountPageTest {

    private static final String FIREFOX_ON_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0";

    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL page;

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static WebDriverWait waiting() {
        return Chromium.waitIn(browser);
    }

    /** The control a visible label names, as a person finds it. */
    private static WebElement labelled(String label) {
        WebElement element = browser.findElement(By.xpath("//label[normalize-space()='" + label + "']"));
        assertThat(label + " is visible", element.isDisplayed(), equalTo(true));
        return browser.findElement(By.id(element.getAttribute("for")));
    }

    private static WebElement button(String text) {
        return waiting().until(ExpectedConditions.elementToBeClickable(
                By.xpath("//button[normalize-space()='" + text + "']")));
    }

    private static void type(String label, String text) {
        WebElement input = labelled(label);
        input.clear();
        input.sendKeys(text);
    }

    private static String message() {
        return browser.findElement(By.id("message")).getText();
    }

    private static void messageSays(String text) {
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), text));
    }

    private static List<WebElement> sessionRows() {
        return browser.findElements(By.cssSelector("#sessions tbody tr"));
    }

    private static void rowsShown(int count) {
        waiting().until(driver -> sessionRows().size() == count);
    }

    /** The row of the session list whose text says this. */
    private static WebElement rowOf(String text) {
        return sessionRows().stream().filter(row -> row.getText().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("No session row says '" + text + "'"));
    }

    private static String browserToken() {
        return browser.manage().getCookieNamed("SESSION").getValue();
    }

    private static String loginElsewhere(String name, String password, String device) {
        return Api.tokenOf(given().header("User-Agent", device).contentType("application/json")
                .body(Map.of("loginName", name, "password", password)).post("/sessions")
                .then().statusCode(201).extract().response());
    }

    @Test
    void aPersonSignsUpLogsInManagesSessionsChangesThePasswordAndLogsOut() throws Exception {
        String name = Api.uniqueName("page");
        browser.manage().deleteAllCookies();
        browser.get(page.toString());

        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-out")));
        type("Login name", name);
        type("Password", "short");
        button("Sign up").click();
        messageSays("password");
        assertThat(message(), not(containsString("{")));

        type("Password", Api.PASSWORD);
        button("Sign up").click();
        messageSays("created");

        type("Password", "not the password");
        button("Log in").click();
        messageSays("Invalid login or password.");

        type("Password", Api.PASSWORD);
        button("Log in").click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("sessions")));
        assertThat(browser.findElement(By.id("who")).getText(), containsString(name));
        rowsShown(1);
        assertThat(sessionRows().get(0).getText(), containsString("current"));
        given().cookie("SESSION", browserToken()).get("/sessions/current")
                .then().statusCode(200).body("user.loginName", equalTo(name));

        String phone = loginElsewhere(name, Api.PASSWORD, "Phone/1.0 (second device)");
        String laptop = loginElsewhere(name, Api.PASSWORD, "Laptop/2.0 (third device)");
        loginElsewhere(name, Api.PASSWORD, FIREFOX_ON_ANDROID);
        browser.navigate().refresh();
        rowsShown(4);
        assertThat(rowOf("current").findElement(By.cssSelector(".device")).getText(),
                matchesPattern("(Headless)?Chrome [0-9]+ on Linux"));
        WebElement firefox = rowOf("Firefox Mobile 133 on Android").findElement(By.cssSelector(".device"));
        assertThat(firefox.getAttribute("title"), equalTo(FIREFOX_ON_ANDROID));
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "account-page.png"), browser.getScreenshotAs(OutputType.BYTES));

        rowOf("second device").findElement(By.xpath(".//button[normalize-space()='Revoke']")).click();
        rowsShown(3);
        given().header("Authorization", Api.bearer(phone)).get("/sessions/current").then().statusCode(401);
        given().header("Authorization", Api.bearer(laptop)).get("/sessions/current").then().statusCode(200);

        loginElsewhere(name, Api.PASSWORD, "Tablet/3.0");
        browser.navigate().refresh();
        rowsShown(4);
        button("Revoke all others").click();
        messageSays("Revoked 3 other sessions.");
        rowsShown(1);
        given().header("Authorization", Api.bearer(laptop)).get("/sessions/current").then().statusCode(401);
        given().header("Authorization", Api.bearer(Api.tokenOf(Api.login(name, Api.PASSWORD)))).get("/sessions")
                .then().statusCode(200).body("", hasSize(2));

        type("Current password", "wrong current password");
        type("New password", "a new password for the page");
        button("Change password").click();
        messageSays("current password");
        assertThat(message(), not(containsString("{")));

        type("Current password", Api.PASSWORD);
        type("New password", "a new password for the page");
        button("Change password").click();
        messageSays("Password changed.");
        rowsShown(1);
        Api.login(name, Api.PASSWORD).then().statusCode(401);
        Api.login(name, "a new password for the page").then().statusCode(201);
        String beforeLogout = browserToken();
        given().cookie("SESSION", beforeLogout).get("/sessions/current").then().statusCode(200);

        button("Log out").click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-out")));
        messageSays("logged out");
        given().cookie("SESSION", beforeLogout).get("/sessions/current").then().statusCode(401);
    }

    @Test
    void thePageRunsUnderItsPolicyWithoutViolations() {
        browser.manage().deleteAllCookies();
        browser.get(page.toString());
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-out")));
        Object violations = browser.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin)).length");
        assertThat(((Number) violations).intValue(), equalTo(0));
        assertThat(browser.findElements(By.cssSelector("[style]")), hasSize(0));
        assertThat(browser.findElements(By.cssSelector("script:not([src])")), hasSize(0));
    }
}
