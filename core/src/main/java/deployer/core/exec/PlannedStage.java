package deployer.core.exec;

import deployer.core.model.Stage;

import java.util.List;

/**
 * A validated stage: its number (1-based, as in task ids), the stage as written, and its lanes — each a single
 * task or a chain's links in order.
 */
public record PlannedStage(int number, Stage stage, List<Lane> lanes) {

    /** A single task, or a chain whose links run in order. */
    public record Lane(List<PlannedTask> links) {
        public Lane {
            links = List.copyOf(links);
        }
    }

    public PlannedStage {
        lanes = List.copyOf(lanes);
    }

    public List<PlannedTask> tasks() {
        return lanes.stream().flatMap(l -> l.links().stream()).toList();
    }
}
