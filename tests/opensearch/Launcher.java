// Runs an OpenSearch cluster of N nodes in this JVM for the test session (tests/opensearch_node.py)
// and takes commands on standard input, one per line: "stop K" closes node K (1-based), "start K"
// starts it again on its own data; end of input stops the cluster and removes its data.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.codelibs.opensearch.runner.OpenSearchRunner;

public final class Launcher {
    public static void main(String[] args) throws Exception {
        String basePath = args[0];
        int nodes = Integer.parseInt(args[1]);
        int baseHttpPort = Integer.parseInt(args[2]);
        String cluster = args[3];
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(baseHttpPort + nodes + 1);  // the runner's default stops at 9299
        runner.onBuild((number, settings) -> {
            settings.put("http.host", "127.0.0.1");
            settings.put("network.host", "127.0.0.1");
            // Disk watermarks would stop allocation on a nearly full CI disk; the test data is tiny.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
        });
        try {
            runner.build(OpenSearchRunner.newConfigs().basePath(basePath).numOfNode(nodes)
                    .baseHttpPort(baseHttpPort).clusterName(cluster).disableESLogger());
            runner.ensureYellow();
        } catch (Throwable t) {
            t.printStackTrace();
            Runtime.getRuntime().halt(1);  // nodes already started keep non-daemon threads
        }
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            try {
                if (words.length == 2 && words[0].equals("stop")) {
                    runner.getNode(Integer.parseInt(words[1]) - 1).close();
                    System.out.println("STOPPED " + words[1]);
                } else if (words.length == 2 && words[0].equals("start")) {
                    runner.startNode(Integer.parseInt(words[1]) - 1);
                    System.out.println("STARTED " + words[1]);
                } else {
                    System.out.println("UNKNOWN " + line);
                }
            } catch (Exception e) {
                System.out.println("FAILED " + line + ": " + e);
            }
            System.out.flush();
        }
        try {
            runner.close();
            runner.clean();
        } finally {
            Runtime.getRuntime().halt(0);
        }
    }
}
