package io.tradinggrid.emulator.community;

import java.util.List;
import java.util.Map;

/**
 * What {@link CommunityEmulator#seedSandbox()} loaded.
 *
 * @param communityIds        the seeded communities
 * @param threadIdsByKey      the seed's key of each thread (e.g. {@code W6-damage-claim}) to the id it got
 * @param threadIdsByUseCase  use case id (W1..W7, S1, S3, S5, S7) to the threads that exercise it
 * @param threadsByCategory   category to the number of seeded threads in it
 */
public record SeedSummary(
        List<String> communityIds,
        List<String> partnerIds,
        int threads,
        int posts,
        int attachments,
        int onboardingRequests,
        int complianceDocuments,
        int knowledgeArticles,
        Map<String, String> threadIdsByKey,
        Map<String, List<String>> threadIdsByUseCase,
        Map<String, Integer> threadsByCategory,
        List<String> onboardingRequestIds,
        List<String> complianceDocumentIds) {
}
