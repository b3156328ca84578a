package io.tradinggrid.bridge.classification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import opennlp.tools.ml.EventTrainer;
import opennlp.tools.ml.TrainerFactory;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.model.Event;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

/**
 * How much each piece of evidence about a thread speaks for each exception type, learnt from labelled threads by
 * OpenNLP's maximum-entropy trainer. The evidence is what the rules and the vocabulary already see (the rules that
 * hold, the vocabulary terms found, the category, the priority, the EDI document type, which references the thread
 * carries); the model learns their weights, which no operator could set by hand for a few hundred terms and twenty
 * types: "invoice" alone says little, "invoice" with an 810 and "rejected" says a lot.
 */
public final class ThreadTypeModel {

    /** One labelled thread as evidence: its type key and what is known about it. */
    public record Example(String key, String[] evidence) {
    }

    private final MaxentModel model;
    private final Map<String, Context> weights;

    private ThreadTypeModel(MaxentModel model) {
        this.model = model;
        @SuppressWarnings("unchecked")
        Map<String, Context> byEvidence = (Map<String, Context>) ((AbstractModel) model).getDataStructures()[1];
        this.weights = byEvidence;
    }

    /**
     * Trains on the examples: deterministic, so the same examples and evidence always give the same model.
     *
     * @throws IllegalArgumentException with fewer than two types among the examples (nothing to tell apart)
     */
    public static ThreadTypeModel train(List<Example> examples, int iterations) {
        if (examples.stream().map(Example::key).distinct().count() < 2) {
            throw new IllegalArgumentException("the classifier needs labelled threads of at least two types to learn from, has "
                    + examples.size() + " thread(s)");
        }
        TrainingParameters parameters = TrainingParameters.defaultParams();
        parameters.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT");
        parameters.put(TrainingParameters.ITERATIONS_PARAM, iterations);
        // a word seen in one labelled thread is still worth learning: the corpus is small
        parameters.put(TrainingParameters.CUTOFF_PARAM, 1);
        // two threads take a third off the training of a few thousand examples; a fixed count (not the machine's
        // cores) splits the sums the same way everywhere, so every machine learns the same model
        parameters.put(TrainingParameters.THREADS_PARAM, 2);
        EventTrainer trainer = TrainerFactory.getEventTrainer(parameters, null);
        List<Event> events = examples.stream().map(e -> new Event(e.key(), e.evidence())).toList();
        try {
            return new ThreadTypeModel(trainer.train(ObjectStreamUtils.createObjectStream(events)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The types ranked by probability, best first (those above 1%), each with the evidence that spoke most for it.
     */
    public ThreadScorer.Ranking rank(String[] evidence) {
        double[] probabilities = model.eval(evidence);
        List<ThreadScorer.Score> scores = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i] >= 0.01) {
                scores.add(new ThreadScorer.Score(model.getOutcome(i), probabilities[i], strongest(evidence, i, 4)));
            }
        }
        scores.sort(Comparator.comparingDouble(ThreadScorer.Score::score).reversed().thenComparing(ThreadScorer.Score::key));
        return new ThreadScorer.Ranking(scores);
    }

    /** The pieces of evidence with the largest positive weight for one type. */
    private List<String> strongest(String[] evidence, int outcome, int limit) {
        Map<String, Double> weightOf = new HashMap<>();
        for (String e : new LinkedHashSet<>(List.of(evidence))) {
            Context context = weights.get(e);
            if (context == null) {
                continue;
            }
            int[] outcomes = context.getOutcomes();
            for (int k = 0; k < outcomes.length; k++) {
                if (outcomes[k] == outcome && context.getParameters()[k] > 0) {
                    weightOf.merge(e, context.getParameters()[k], Double::sum);
                }
            }
        }
        return weightOf.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(limit)
                .map(Map.Entry::getKey).toList();
    }
}
