package dev.cloakroom.browser;

import dev.cloakroom.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Login CSRF and forced logout as a browser carries them out: pages on another site
 * (evil.test) and on the same site but another port (localhost:other) aim requests at the
 * service while the victim is logged in. Success is judged by the service, not the page.
 */
@QuarkusTest
class CrossSiteInBrowserTest {

    private static ChromeDriver browser;
    private static HelperSite site;

    @TestHTTPResource("/")
    URL service;

    @BeforeAll
    static void start() {
        site = HelperSite.onAnyPort();
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

    private String serviceUrl(String path) {
        return "http://localhost:" + service.getPort() + path;
    }

    /** Opens an attacker page and waits until its script says it is done, or its form has navigated away. */
    private void visit(String url, String until) {
        browser.get(url);
        Chromium.waitIn(browser).until(driver -> until.equals(driver.getTitle())
                || driver.getCurrentUrl().startsWith(serviceUrl("/")));
    }

    private static String jsonLogin(String name) {
        return "{\"loginName\":\"" + name + "\",\"password\":\"" + Api.PASSWORD + "\"}";
    }

    @Test
    void aCrossSiteTextPlainFormCannotLogTheVictimInAsTheAttacker() {
        Victim victim = Victim.logsIn(browser, serviceUrl("/"));
        String attacker = Api.signUp(Api.uniqueName("attacker"));
        // text/plain sends name=value: this name and value make the whole body one JSON object.
        String form = "<!DOCTYPE html><title>win a prize</title>"
                + "<form method=\"post\" enctype=\"text/plain\" action=\"" + serviceUrl("/sessions") + "\">"
                + "<input type=\"hidden\" name='{\"loginName\":\"" + attacker + "\",\"password\":\"" + Api.PASSWORD
                + "\",\"pad\":\"' value='\"}'></form>"
                + "<script>document.forms[0].submit()</script>";
        visit(site.serve("evil.test", "/prize", form), "never");

        victim.isStillLoggedIn();
        Victim.noSessionOpenedFor(attacker);
    }

    @Test
    void aSameSitePageOnAnotherPortCannotLogInWithATextPlainFetch() {
        Victim victim = Victim.logsIn(browser, serviceUrl("/"));
        String attacker = Api.signUp(Api.uniqueName("attacker"));
        String page = "<!DOCTYPE html><title>loading</title><script>"
                + "fetch('" + serviceUrl("/sessions") + "', {method: 'POST', mode: 'no-cors', credentials: 'include',"
                + " headers: {'Content-Type': 'text/plain'}, body: '" + jsonLogin(attacker) + "'})"
                + ".then(() => document.title = 'done', () => document.title = 'done');</script>";
        visit(site.serve("localhost", "/widget", page), "done");

        victim.isStillLoggedIn();
        Victim.noSessionOpenedFor(attacker);
    }

    @Test
    void pagesElsewhereCannotLogTheVictimOut() {
        Victim victim = Victim.logsIn(browser, serviceUrl("/"));
        String sameSite = "<!DOCTYPE html><title>loading</title><script>Promise.allSettled(["
                + "fetch('" + serviceUrl("/sessions/current") + "', {method: 'DELETE', credentials: 'include'}),"
                + "fetch('" + serviceUrl("/sessions") + "', {method: 'POST', mode: 'no-cors', credentials: 'include'})"
                + "]).then(() => document.title = 'done');</script>";
        visit(site.serve("localhost", "/logout", sameSite), "done");
        victim.isStillLoggedIn();

        String crossSite = "<!DOCTYPE html><title>loading</title>"
                + "<form method=\"post\" action=\"" + serviceUrl("/sessions") + "\"></form>"
                + "<script>document.forms[0].submit()</script>";
        visit(site.serve("evil.test", "/logout", crossSite), "never");
        victim.isStillLoggedIn();
    }
}
