package dev.cloakroom.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver. Both paths are given
 * explicitly, so Selenium Manager has nothing to look up and never downloads a browser.
 * A missing browser fails the tests: skipping them would hide the browser checks.
 */
final class Chromium {

    static final String BINARY = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    /** evil.test and allowed.test are pages of the helper site, which listens on the loopback address. */
    private static final String HOSTS = "MAP evil.test 127.0.0.1, MAP allowed.test 127.0.0.1";

    private Chromium() {
    }

    static ChromeDriver start() {
        for (String path : List.of(BINARY, DRIVER)) {
            if (!new File(path).canExecute()) {
                fail(path + " is missing: the browser tests need Debian's Chromium and its driver. "
                        + "Install them with: apt-get install -y chromium chromium-driver");
            }
        }
        System.setProperty("webdriver.chrome.driver", DRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1100,900", "--host-resolver-rules=" + HOSTS, "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    static WebDriverWait waitIn(ChromeDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(10));
    }
}
