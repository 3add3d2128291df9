package com.busos.campaign.dispatch;

import com.busos.campaign.schedule.ClaimedSend;

/** Hands one claimed send to the email sender. Throws when the sender did not take it. */
public interface SendHandoff {
    void handOff(ClaimedSend claim);
}
