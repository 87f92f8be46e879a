package dev.cloakroom.testsupport;

import dev.cloakroom.CuttableProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** A test profile whose service reaches the database through a proxy the test can cut or freeze. */
public class ProxiedDatabase implements QuarkusTestProfile {

    private static CuttableProxy proxy;

    /** The proxy between the service and the database. */
    public static CuttableProxy proxy() {
        return proxy;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                proxy = new CuttableProxy(3306);
                proxy.start();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            String database = System.getenv().getOrDefault("CLOAKROOM_TEST_DB", "cloakroom_test");
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + database
                    + "?createDatabaseIfNotExist=true");
        }

        @Override
        public void stop() {
            try {
                proxy.thaw();
                proxy.cut();
            } catch (IOException e) {
                // shutting down anyway
            }
        }
    }
}
