package io.github.seer4j.cli;

import java.util.List;

/**
 * Extra sub-commands from an optional module (e.g. {@code seer4j-distributed}, {@code seer4j-search-spark}) found on the
 * class path with {@link java.util.ServiceLoader}: list the implementing class in the module's
 * {@code META-INF/services/io.github.seer4j.cli.CommandPlugin}. The core command line stays free of their dependencies.
 */
public interface CommandPlugin {

    /** picocli command objects (instances of {@code @Command}-annotated classes) to add under {@code seer4j}. */
    List<Object> commands();
}
