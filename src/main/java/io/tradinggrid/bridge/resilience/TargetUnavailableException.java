package io.tradinggrid.bridge.resilience;

/** Thrown instead of calling a system whose circuit is open: the work waits for the system rather than failing. */
public class TargetUnavailableException extends RuntimeException {

    private final String target;

    public TargetUnavailableException(String target, String state) {
        super(target + " is unavailable (circuit " + state + "): the work waits and resumes when " + target + " answers again");
        this.target = target;
    }

    public String target() {
        return target;
    }
}
