using JourneyFunctions.Domain.Contracts;

namespace JourneyFunctions.Domain.Actions;

/// <summary>
/// One take-action type, whole: its name in journey JSON, its scope, a one-line summary, its settings (which give
/// both the validation rules and the generated JSON schema), what those settings refer to (checked against the
/// stores on save and publish), and the step that applies it. Each type is one class in <c>Actions/Types</c>;
/// <see cref="ActionCatalog"/> finds them all.
/// </summary>
public abstract class ActionDefinition(string type, ActionScope scope, string summary)
{
    /// <summary>The action's name in journey JSON, e.g. <c>changeScore</c>.</summary>
    public string Type { get; } = type;

    public ActionScope Scope { get; } = scope;

    /// <summary>What the action does, in a line (the schema's description of it).</summary>
    public string Summary { get; } = summary;

    /// <summary>The activity that applies it: the one dispatching activity of its scope.</summary>
    public string ActivityName => Scope == ActionScope.Account ? ActivityNames.ApplyAccountAction : ActivityNames.ApplyPeopleAction;

    /// <summary>The settings every node of this action has, in the order their problems are reported.</summary>
    public abstract IReadOnlyList<ActionSetting> Settings { get; }

    /// <summary>
    /// Ways of giving the rest of the settings of which exactly one must be used (e.g. an existing audience, or a new
    /// one with its description); each way is named by its first setting. Empty for most actions.
    /// </summary>
    public virtual IReadOnlyList<IReadOnlyList<ActionSetting>> Alternatives => [];

    /// <summary>Every (setting, reason) wrong with a node's settings.</summary>
    public IEnumerable<(string Setting, string Reason)> Rules(ActionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach ((string, string) problem in Settings.SelectMany(s => s.Problems(settings)))
        {
            yield return problem;
        }

        if (Alternatives.Count == 0)
        {
            yield break;
        }

        List<IReadOnlyList<ActionSetting>> given = Alternatives.Where(a => settings.Has(a[0].Name)).ToList();
        IEnumerable<(string, string)> problems = given.Count == 1
            ? given[0].SelectMany(s => s.Problems(settings))
            : SettingRules.ExactlyOne(settings, [.. Alternatives.Select(a => a[0].Name)]);
        // A setting of a way not taken, given all the same, still has its type and bounds (the schema types every
        // setting of the action whichever way is used): only its being required depends on the way.
        IEnumerable<ActionSetting> others = Alternatives.Where(a => given.Count != 1 || a != given[0]).SelectMany(a => a).Where(s => settings.Has(s.Name));
        foreach ((string, string) problem in problems.Concat(others.SelectMany(s => s.Problems(settings))))
        {
            yield return problem;
        }
    }

    /// <summary>The references of a node's settings; none for settings that failed their rules.</summary>
    public IEnumerable<ActionReference> ReferencesOf(ActionSettings settings) =>
        Rules(settings).Any() ? [] : References(settings);

    /// <summary>Applies the action to the request's accounts (or their people on the path). Runs at least once: idempotent by (run, node, target).</summary>
    public abstract Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken);

    /// <summary>What the (valid) settings name that must exist and be usable; none unless the action names something.</summary>
    protected virtual IEnumerable<ActionReference> References(ActionSettings settings) => [];
}
