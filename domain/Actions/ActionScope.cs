namespace JourneyFunctions.Domain.Actions;

/// <summary>Whether an action applies to the account on the path or to each of its people.</summary>
public enum ActionScope
{
    Account,
    People,
}
