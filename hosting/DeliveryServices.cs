using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Email;
using JourneyFunctions.Handlers.Delivery;
using JourneyFunctions.Hosting.Settings;
using JourneyFunctions.Sms;
using JourneyFunctions.Storage.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Hosting;

/// <summary>
/// The outbox dispatcher and one provider client per kind of message, chosen by settings: emails and sales alerts
/// through SMTP (<c>EmailProvider=smtp</c>, the default: smtp4dev locally) or SendGrid, SMS through Twilio. A
/// provider without its credentials is a <see cref="NotConfiguredSender"/>, so its messages are recorded, not lost.
/// </summary>
public static class DeliveryServices
{
    public static IServiceCollection AddDelivery(this IServiceCollection services, AppSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton<OutboxDispatchQueueHandler>();
        services.AddSingleton<ListDeliveriesHandler>();
        if (settings.EmailProvider == AppSettings.SendGridProvider)
        {
            services.AddSingleton<IMessageSender>(sp => settings.SendGrid is { } sendGrid
                ? new SendGridEmailClient(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, sendGrid, sp.GetRequiredService<TimeProvider>())
                : new NotConfiguredSender(MessageKinds.Email, $"not configured: '{AppSettings.EmailProviderName}' is sendgrid and '{AppSettings.SendGridApiKeyName}' is empty"));
        }
        else
        {
            services.AddSingleton<IMessageSender>(sp => new SmtpEmailClient(settings.Smtp, sp.GetRequiredService<TimeProvider>()));
        }

        services.AddSingleton<IMessageSender>(sp => settings.Twilio is { } twilio
            ? new TwilioSmsClient(new SocketsHttpHandler(), twilio, sp.GetRequiredService<TimeProvider>())
            : new NotConfiguredSender(MessageKinds.Sms, $"not configured: '{AppSettings.TwilioAccountSidName}', '{AppSettings.TwilioAuthTokenName}' and '{AppSettings.TwilioFromNumberName}' are empty"));
        return services;
    }
}
