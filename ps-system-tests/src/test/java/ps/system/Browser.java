package ps.system;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver; no Selenium Manager, no downloads) with
 * a fresh profile, and helpers for PS's console. Register {@link Screenshots} to keep a screenshot of
 * every failed test under target/screenshots.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    private static volatile Browser current;

    final WebDriver driver;
    private final Path profile;
    private final PsDeployment server;

    Browser(PsDeployment server) throws IOException {
        this.server = server;
        this.profile = Files.createTempDirectory(Path.of("target"), "chromium-profile-").toAbsolutePath();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("ps.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("ps.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        current = this;
    }

    void open(String pathAndQuery) {
        driver.get(server.uri(pathAndQuery).toString());
    }

    WebDriverWait await(Duration timeout) {
        return new WebDriverWait(driver, timeout);
    }

    /** Logs in through the console's login page. */
    void login(String name, String password) {
        open("/login.xhtml");
        driver.findElement(By.id("login:name")).sendKeys(name);
        driver.findElement(By.id("login:password")).sendKeys(password);
        driver.findElement(By.id("login:submit")).click();
        await(Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("logout:user")));
    }

    void logout() {
        driver.manage().deleteAllCookies();
    }

    /** True when a JavaScript dialog (alert) is open: a log message must never open one. */
    boolean alertPresent() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            current = null;
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * Saves a screenshot of the browser when a test fails (as the failure happens, before @AfterEach
     * closes the browser).
     */
    static final class Screenshots implements TestExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable cause) throws Throwable {
            save(context);
            throw cause;
        }

        private static void save(ExtensionContext context) {
            Browser browser = current;
            if (browser == null) {
                return;
            }
            try {
                if (browser.alertPresent()) {
                    browser.driver.switchTo().alert().dismiss();
                }
                Path file = browser.screenshot("FAILED-" + context.getRequiredTestClass().getSimpleName() + "-"
                        + context.getDisplayName());
                System.err.println("screenshot of the failure: " + file);
            } catch (IOException | RuntimeException e) {
                System.err.println("no screenshot of the failure: " + e);
            }
        }
    }
}
