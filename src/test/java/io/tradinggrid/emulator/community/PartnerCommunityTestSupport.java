package io.tradinggrid.emulator.community;

import java.util.List;

/** Tests that work in one community with one active partner in it, made afresh for each test. */
abstract class PartnerCommunityTestSupport extends CommunityEmulatorTestSupport {

    String communityId;
    String partnerId;

    /** Empties the emulator, then creates the community and its partner (see {@link CommunityClient#community}). */
    void freshCommunity(String id) {
        emulator.resetData();
        List<String> ids = CommunityClient.community(emulator, id);
        communityId = ids.get(0);
        partnerId = ids.get(1);
    }

    /** A thread the partner opened in the community, as it would in the portal; returns its id. */
    String openThread(String title, String category) {
        return emulator.openThreadAsPartner(communityId, partnerId, null, CommunityClient.threadCreate(title, category), List.of())
                .path("id").asText();
    }
}
