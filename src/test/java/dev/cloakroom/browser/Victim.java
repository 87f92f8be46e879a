package dev.cloakroom.browser;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.cloakroom.Api;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** A person logged in to the account page in the test browser, and what the service says about them. */
record Victim(ChromeDriver browser, String serviceUrl, String name, String token) {

    static Victim logsIn(ChromeDriver browser, String serviceUrl) {
        String name = Api.signUp(Api.uniqueName("victim"));
        browser.manage().deleteAllCookies();
        browser.get(serviceUrl);
        Chromium.waitIn(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-name")));
        browser.findElement(By.id("login-name")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(Api.PASSWORD);
        browser.findElement(By.id("log-in")).click();
        Chromium.waitIn(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("sessions")));
        return new Victim(browser, serviceUrl, name, browser.manage().getCookieNamed("SESSION").getValue());
    }

    /**
     * The session the browser's cookie stands for is still this person's, the very one they
     * logged in to. Failures name whose session it is instead; tokens stay out of the output.
     */
    void isStillLoggedIn() {
        browser.get(serviceUrl);
        Cookie cookie = browser.manage().getCookieNamed("SESSION");
        assertThat("the browser has a session cookie", cookie != null, equalTo(true));
        given().cookie("SESSION", cookie.getValue()).get("/sessions/current")
                .then().statusCode(200).body("user.loginName", equalTo(name));
        assertThat("the browser's cookie is the one the victim logged in with", cookie.getValue().equals(token),
                equalTo(true));
    }

    /** The attacker's account has no session but the one this check opens. */
    static void noSessionOpenedFor(String attacker) {
        String probe = Api.tokenOf(Api.login(attacker, Api.PASSWORD).then().statusCode(201).extract().response());
        int sessions = given().header("Authorization", Api.bearer(probe)).get("/sessions")
                .then().statusCode(200).extract().path("size()");
        assertThat("sessions of " + attacker, sessions, equalTo(1));
    }
}
