namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// Per-node live counts: accounts that reached the node, are at it now, and left it; the people in those accounts
/// (on a split-by-people path, the people on that path) reached, at the node now and left; and the people an action
/// affected and skipped. Kept in each batch orchestration's custom status and summed for the run.
/// </summary>
public sealed record NodeCounts
{
    public int Reached { get; set; }

    public int Current { get; set; }

    public int Left { get; set; }

    public int PeopleReached { get; set; }

    public int PeopleCurrent { get; set; }

    public int PeopleLeft { get; set; }

    public int PeopleAffected { get; set; }

    public int PeopleSkipped { get; set; }

    public void Add(NodeCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Reached += other.Reached;
        Current += other.Current;
        Left += other.Left;
        PeopleReached += other.PeopleReached;
        PeopleCurrent += other.PeopleCurrent;
        PeopleLeft += other.PeopleLeft;
        PeopleAffected += other.PeopleAffected;
        PeopleSkipped += other.PeopleSkipped;
    }
}
