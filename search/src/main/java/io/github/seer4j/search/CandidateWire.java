package io.github.seer4j.search;

/**
 * Text forms of a search's configuration and of one candidate, for executors that score candidates in another
 * process or machine: the configuration as in {@code search.json}, a candidate as one JSON line (a
 * {@code results.jsonl} line without a score). Decoding a candidate rebuilds its spec from its sampled numbers, as
 * {@link CandidateResult#spec()} does.
 */
public final class CandidateWire {
    private CandidateWire() {}

    public static String config(SearchConfig config) {
        return ResultCodec.config(config);
    }

    public static SearchConfig parseConfig(String text) {
        return ResultCodec.parseConfig("search configuration", text);
    }

    public static String candidate(Candidate c, SearchConfig config) {
        return ResultCodec.line(new CandidateResult(c.index(), c.draw(), config.space(), c.spec().name(), c.point(),
                c.repaired(), c.complexity(), config.constraints().resolution(), config.constraints().classes(),
                config.score(), 0, 0));
    }

    public static Candidate parseCandidate(String line) {
        CandidateResult r = ResultCodec.parse("candidate", 1, line);
        return new Candidate(r.index(), r.draw(), r.point(), r.spec(), r.complexity(), r.repaired());
    }
}
