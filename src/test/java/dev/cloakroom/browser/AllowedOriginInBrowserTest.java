package dev.cloakroom.browser;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.cloakroom.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A front end on another origin of the same site (another port of localhost), listed in
 * cloakroom.web.allowed-origins: from the browser it logs in, reads the session with its
 * ETag and writes data, all with the cookie and CORS. An unlisted origin gets nowhere.
 */
@QuarkusTest
@TestProfile(AllowedOriginInBrowserTest.AllowsTheHelperSite.class)
class AllowedOriginInBrowserTest {

    /**
     * A system property, not a static field: the profile and the test may live in different
     * class loaders. Named outside cloakroom.*, where every key must map to a setting.
     */
    private static final String PORT_PROPERTY = "browser-tests.allowed-helper-port";

    static int helperPort() {
        synchronized (System.getProperties()) {
            String port = System.getProperty(PORT_PROPERTY);
            if (port == null) {
                port = String.valueOf(HelperSite.freePort());
                System.setProperty(PORT_PROPERTY, port);
            }
            return Integer.parseInt(port);
        }
    }

    public static class AllowsTheHelperSite implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cloakroom.web.allowed-origins", "http://localhost:" + helperPort());
        }
    }

    private static ChromeDriver browser;
    private static HelperSite site;

    @TestHTTPResource("/")
    URL service;

    @BeforeAll
    static void start() {
        site = HelperSite.onPort(helperPort());
        browser = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (site != null) {
            site.close();
        }
    }

    private String app(String serviceUrl, String name) {
        return "<!DOCTYPE html><title>app</title><pre id=\"out\"></pre><script>"
                + "const S = '" + serviceUrl + "';"
                + "(async () => {"
                + " const out = {};"
                + " const login = await fetch(S + '/sessions', {method: 'POST', credentials: 'include',"
                + "  headers: {'Content-Type': 'application/json'},"
                + "  body: JSON.stringify({loginName: '" + name + "', password: '" + Api.PASSWORD + "'})});"
                + " out.login = login.status;"
                + " const current = await fetch(S + '/sessions/current', {credentials: 'include'});"
                + " out.current = current.status;"
                + " out.etag = current.headers.get('ETag');"
                + " out.user = (await current.json()).user.loginName;"
                + " const put = await fetch(S + '/sessions/current/data', {method: 'PUT', credentials: 'include',"
                + "  headers: {'Content-Type': 'application/json', 'If-Match': out.etag}, body: '{\"theme\":\"dark\"}'});"
                + " out.put = put.status;"
                + " document.getElementById('out').textContent = JSON.stringify(out);"
                + "})().catch(e => document.getElementById('out').textContent = JSON.stringify({error: String(e)}));"
                + "</script>";
    }

    private JsonPath run(String host, String name) {
        String serviceUrl = "http://localhost:" + service.getPort();
        browser.manage().deleteAllCookies();
        browser.get(site.serve(host, "/app-" + host, app(serviceUrl, name)));
        Chromium.waitIn(browser).until(ExpectedConditions.textMatches(By.id("out"), java.util.regex.Pattern.compile(".+")));
        return JsonPath.from(browser.findElement(By.id("out")).getText());
    }

    @Test
    void anAllowedOriginLogsInAndUsesTheApiWithTheCookie() {
        String name = Api.signUp(Api.uniqueName("spa"));
        JsonPath out = run("localhost", name);

        assertThat(out.prettify(), out.getInt("login"), equalTo(201));
        assertThat(out.getInt("current"), equalTo(200));
        assertThat(out.getString("user"), equalTo(name));
        assertThat("ETag is exposed to the page", out.getString("etag") != null, equalTo(true));
        assertThat(out.getInt("put"), equalTo(200));

        browser.get("http://localhost:" + service.getPort() + "/");
        String token = browser.manage().getCookieNamed("SESSION").getValue();
        given().cookie("SESSION", token).get("/sessions/current")
                .then().statusCode(200)
                .body("user.loginName", equalTo(name))
                .body("data.theme", equalTo("dark"));
    }

    @Test
    void anUnlistedOriginCannotLogIn() {
        String name = Api.signUp(Api.uniqueName("unlisted"));
        JsonPath out = run("evil.test", name);

        assertThat(out.prettify(), out.getString("error") != null, equalTo(true));
        Victim.noSessionOpenedFor(name);
    }
}
