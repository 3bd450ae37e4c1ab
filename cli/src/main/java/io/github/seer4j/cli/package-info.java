/**
 * The command line: {@link io.github.seer4j.cli.Seer4j} is the entry point; each sub-command is a thin shell over the library API
 * that parses arguments, calls one library entry point and prints the result (JSON on stdout with --json, readable
 * tables otherwise). Bad arguments exit with code 2 and a one-line message.
 */
package io.github.seer4j.cli;
