namespace JourneyFunctions.Domain.Marketo;

/// <summary>
/// The local stand-in for Marketo Engage (connections, static lists, programs, workspaces with their campaigns and
/// emails) that actions use when no Marketo connection is configured, and that reference checks read (implemented in
/// the storage project).
/// </summary>
public interface IMarketoEngageStore
{
    Task<bool> ConnectionExistsAsync(string connection, CancellationToken cancellationToken = default);

    Task<bool> ListExistsAsync(string connection, string list, CancellationToken cancellationToken = default);

    Task<bool> CampaignExistsAsync(string workspace, string campaign, CancellationToken cancellationToken = default);

    /// <summary>A program's statuses in order; null when the connection has no such program.</summary>
    Task<IReadOnlyList<string>?> GetProgramStatusesAsync(string connection, string program, CancellationToken cancellationToken = default);

    Task<MarketoEmail?> GetEmailAsync(string workspace, string name, CancellationToken cancellationToken = default);

    /// <summary>Sets people's membership status in a program (one row per person, rewritten by a retry).</summary>
    Task<int> SetProgramStatusAsync(string connection, string program, IEnumerable<string> personIds, string status, IReadOnlyDictionary<string, object?> by, CancellationToken cancellationToken = default);

    /// <summary>Adds people to, or removes them from, a static list.</summary>
    Task<int> SetListMembersAsync(string connection, string list, IEnumerable<string> personIds, bool isMember, IReadOnlyDictionary<string, object?> by, CancellationToken cancellationToken = default);

    /// <summary>Records people as requested into a request campaign (one row per person, rewritten by a retry).</summary>
    Task<int> RequestCampaignAsync(string workspace, string campaign, IEnumerable<string> personIds, IReadOnlyDictionary<string, object?> by, CancellationToken cancellationToken = default);
}
