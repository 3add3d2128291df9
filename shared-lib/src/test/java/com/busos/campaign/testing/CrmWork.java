package com.busos.campaign.testing;

import com.busos.campaign.Campaign;
import com.busos.campaign.crm.CrmJobs;
import com.busos.campaign.log.Log;
import com.busos.campaign.schedule.ClaimedSend;
import com.busos.campaign.schedule.Schedule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the CRM jobs that are due, as the dispatcher and send-email would (the tracker records and
 * contacts of new enrolments, the Notion mirror of sent emails), until none is left due.
 */
public final class CrmWork {
    private CrmWork() {}

    public static List<ObjectNode> runDue(Campaign campaign) {
        return runDue(campaign, Log.to("send-email", new PrintStream(OutputStream.nullOutputStream())));
    }

    /** {@link #runDue(Campaign)}, the jobs' lines written to {@code log}. */
    public static List<ObjectNode> runDue(Campaign campaign, Log log) {
        Schedule schedule = campaign.schedule();
        CrmJobs jobs = campaign.crmJobs(log);
        List<ObjectNode> results = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            List<ClaimedSend> claimed = schedule.claimDue(0, 100, Duration.ofMinutes(5), 8);
            if (claimed.isEmpty()) break;
            for (ClaimedSend job : claimed) results.add(jobs.run(job));
        }
        return results;
    }
}
