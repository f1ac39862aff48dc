using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>Start: an audience (accounts and/or a static list) within bounds, dates in range, re-entry settings.</summary>
public sealed class StartNodeRule : NodeRule
{
    public override JourneyNodeType Type => JourneyNodeType.Start;

    public override void CheckSettings(JourneyNode node, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(context);
        if (node.StartAt is { } start)
        {
            context.Date(node.Id, "startAt", start, future: false);
        }

        if (node.EndAt is { } end)
        {
            if (node.StartAt is { } from && end <= from && end > context.Now)
            {
                context.Add(node.Id, "endAt", "must be after the start date");
            }
            else
            {
                context.Date(node.Id, "endAt", end, future: true);
            }
        }

        if (node.Reentry is { } reentry)
        {
            if (reentry.WaitPeriod is not null)
            {
                context.Duration(node.Id, "reentry.waitPeriod", reentry.WaitPeriod, "P7D");
            }

            if (reentry.MaxEntries is < 1 || reentry.MaxEntries > context.Limits.MaxReentries)
            {
                context.Add(node.Id, "reentry.maxEntries", $"must be from 1 to {context.Limits.MaxReentries}");
            }
        }

        CheckAudience(node, context);
    }

    private static void CheckAudience(JourneyNode node, ValidationContext context)
    {
        IReadOnlyList<string>? accounts = node.Audience?.Accounts;
        if (node.Audience is null || (accounts is not { Count: > 0 } && node.Audience.AccountList is null))
        {
            context.Add(node.Id, "audience", node.Audience is null ? "is required: accounts or an accountList" : "needs accounts or an accountList");
            return;
        }

        if (node.Audience.AccountList is { } list && !TableKey.IsValid(list))
        {
            context.Add(node.Id, "audience.accountList", $"must be {TableKey.Rule}");
        }

        if (accounts is null)
        {
            return;
        }

        if (accounts.Count > context.Limits.MaxAudienceAccounts)
        {
            context.Add(node.Id, "audience.accounts",
                $"may name at most {context.Limits.MaxAudienceAccounts} accounts (got {accounts.Count}); put a larger audience in a static account list (audience.accountList)");
            return;
        }

        for (int i = 0; i < accounts.Count; i++)
        {
            if (!TableKey.IsValid(accounts[i]))
            {
                context.Add(node.Id, $"audience.accounts[{i}]", accounts[i] is null ? "may not be null" : $"'{ValidationContext.Echo(accounts[i])}' is not a valid account id");
            }
        }
    }
}
