namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>Wait: exactly one of a bounded duration or a date within range; an optional weekday, time and known time zone to end on.</summary>
public sealed class WaitNodeRule : NodeRule
{
    public override JourneyNodeType Type => JourneyNodeType.Wait;

    public override void CheckSettings(JourneyNode node, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(context);
        if ((node.Duration is null) == (node.Until is null))
        {
            context.Add(node.Id, "duration", "a wait needs exactly one of duration or until");
        }
        else if (node.Duration is not null)
        {
            context.Duration(node.Id, "duration", node.Duration, "PT2S or P3D");
        }
        else
        {
            context.Date(node.Id, "until", node.Until!.Value, future: true);
        }

        if (node.MustEndOn is { } endOn)
        {
            if (context.Text(node.Id, "mustEndOn.day", endOn.Day, context.Limits.MaxShortTextLength) && endOn.Weekday is null)
            {
                context.Add(node.Id, "mustEndOn.day", $"'{ValidationContext.Echo(endOn.Day)}' is not a weekday name (sunday to saturday)");
            }

            if (context.Text(node.Id, "mustEndOn.time", endOn.Time, context.Limits.MaxShortTextLength) && endOn.TimeOfDay is null)
            {
                context.Add(node.Id, "mustEndOn.time", $"'{ValidationContext.Echo(endOn.Time)}' is not a time of day HH:mm:ss such as 09:00:00");
            }

            if (!context.Text(node.Id, "mustEndOn.timeZone", endOn.TimeZone, context.Limits.MaxShortTextLength))
            {
                return;
            }

            if (!MustEndOn.IsKnownZone(endOn.TimeZone))
            {
                context.Add(node.Id, "mustEndOn.timeZone", $"unknown time zone '{ValidationContext.Echo(endOn.TimeZone)}'");
            }
        }
    }
}
