package deployer.generators.tarball;

import deployer.core.config.Config;
import deployer.core.model.InvalidInputException;
import deployer.core.model.StageItem;
import deployer.core.model.Task;

import java.util.List;

/**
 * {@code notify: {url, timeout, retries}}: a {@code notify} task at the start of the run (the first stage) and one
 * at its end (the last finishing stage, so it runs also after a failure or Ctrl-C and reports what happened). The URL
 * is marked sensitive: it is masked in logs, dumps, saved plans and reports.
 */
record Notification(String url, long timeout, long retries) {

    /** The config's {@code notify} block, or null when there is none. */
    static Notification read(Config c) throws InvalidInputException {
        if (!c.has("notify")) {
            return null;
        }
        String url = c.string("notify", "url").orElseThrow(() -> c.error("notify needs url: the webhook to post to", "notify"));
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            // The value is not repeated: it may hold a token.
            throw c.error("expected an http:// or https:// URL", "notify", "url");
        }
        return new Notification(url, c.whole(TarballSchema.NOTIFY_TIMEOUT, "notify"), c.whole(TarballSchema.NOTIFY_RETRIES, "notify"));
    }

    void start(Stages stages, String title, RunFacts facts) {
        stages.other("Notify: " + facts.action() + " started", List.of(StageItem.of(task("start", title, facts))));
    }

    void end(Stages stages, String title, RunFacts facts) {
        stages.always("Notify: " + facts.action() + " finished", List.of(StageItem.of(task("end", title, facts))));
    }

    private Task task(String event, String title, RunFacts facts) {
        return Task.builder("notify")
                .arg("url", url)
                .arg("event", event)
                .arg("title", title)
                .arg("action", facts.action())
                .arg("environment", facts.environment())
                .arg("services", facts.serviceNames())
                .arg("version", String.join(" ", facts.services().stream().map(RunFacts.ServiceRun::version).toList()))
                .arg("hosts", facts.hostNames())
                .arg("request_timeout", timeout)
                .arg("delivery_retries", retries)
                .sensitive("url")
                .build();
    }
}
