// The Function App on the Flex Consumption plan (.NET isolated worker). It runs as the user-assigned identity:
// host storage, the Durable Task hub, the app's tables and queues, Service Bus and Application Insights are all
// reached with identity-based connections, so no app setting holds a key.

param name string

param location string

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

@description('Client id of that identity: identity-based connections name it to pick it over any other.')
param identityClientId string

@description('The storage account\'s service endpoints and the URL of the deployment package container.')
param storage {
  blobEndpoint: string
  queueEndpoint: string
  tableEndpoint: string
  deploymentContainer: string
}

@description('Service Bus namespace host name.')
param serviceBusNamespace string

param applicationInsightsConnectionString string

param taskHubName string

param journeyBatchSize int

param syncPageSize int

param initialSyncSchedule string

@description('Sales activity settings: which types become Salesforce tasks, the unsubscribe check, and the Salesforce org.')
param salesActivities {
  salesforceTaskTypes: string
  checkMarketingUnsubscribe: bool
  allowUnknownUnsubscribe: bool
  salesforceLoginUrl: string
  salesforceClientId: string
  @description('Key Vault secret URI of the client secret; empty when no org is configured.')
  salesforceClientSecretUri: string
  salesforceApiVersion: string
  @description('NCRONTAB schedule of the Salesforce inbound poll (opt-outs and reminder tasks).')
  salesforceInboundSchedule: string
  @description('NCRONTAB schedule of the timer that drains the topic\'s subscriptions.')
  drainSchedule: string
}

@description('Sales sync settings: the source of the initial sync, its throttle, and the Marketo connection and limits.')
param salesSync {
  syncSource: string
  marketoChangesSchedule: string
  syncMaxPeoplePerMinute: int
  marketoBaseUrl: string
  marketoClientId: string
  @description('Key Vault secret URI of the Marketo client secret; empty when the source is the table store.')
  marketoClientSecretUri: string
  marketoStaticListId: string
  marketoInitialSync: string
  marketoBulkSince: string
  marketoCallsPer20Seconds: int
  marketoMaxConcurrentCalls: int
  marketoDailyQuota: int
  marketoActivityTypeIds: string
  @description('The name journeys give the Marketo instance; empty: journey actions act on the app\'s tables.')
  marketoConnection: string
  @description('Custom activity type id of interesting moments in Marketo; empty: moments stay local.')
  marketoMomentActivityTypeId: string
}

@description('Message delivery: the email provider (SMTP relay or SendGrid) and Twilio for SMS; secrets as Key Vault secret URIs (empty: not set).')
param delivery {
  emailProvider: string
  emailFromAddress: string
  smtpHost: string
  smtpPort: int
  smtpSecurity: string
  smtpUserName: string
  smtpRelaySecretUri: string
  sendGridSecretUri: string
  sendGridBaseUrl: string
  twilioAccountSid: string
  twilioSecretUri: string
  twilioFromNumber: string
  twilioBaseUrl: string
}

param maximumInstanceCount int

param instanceMemoryMB int

@description('Base of the URLs the API returns (a custom domain, Front Door or API Management in front); empty: https://{WEBSITE_HOSTNAME}.')
param publicBaseUrl string

@description('Tags of the app itself (the Azure Developer CLI finds the app it deploys to by its azd-service-name tag).')
param tags object

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}'
  location: location
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  kind: 'functionapp,linux'
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (the client secrets, the SMTP password, the SendGrid key, the Twilio token) are read as the
    // app's one identity; without this, App Service reads them as a system-assigned identity the app does not have,
    // and each setting stays the reference's text.
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: storage.deploymentContainer
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Every setting the app reads (hosting/Settings/AppSettings.cs) and those the host and its extensions read.
      // tests/Operations.Tests compares these names with AppSettings.Names and local.settings.sample.json. Flex
      // Consumption sets the runtime in functionAppConfig, so FUNCTIONS_WORKER_RUNTIME is not an app setting here.
      appSettings: [
        // Host storage, the Durable Task hub (Azure Storage provider) and the app's own tables and queues.
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: storage.blobEndpoint
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: storage.queueEndpoint
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: storage.tableEndpoint
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        // Sales activities topic (issue 6's publisher and subscription triggers).
        {
          name: 'ServiceBus__fullyQualifiedNamespace'
          value: serviceBusNamespace
        }
        {
          name: 'ServiceBus__credential'
          value: 'managedidentity'
        }
        {
          name: 'ServiceBus__clientId'
          value: identityClientId
        }
        // Telemetry: where it goes, and (local auth being off) that it is sent with the identity's token.
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        {
          name: 'TaskHubName'
          value: taskHubName
        }
        {
          name: 'JourneyBatchSize'
          value: string(journeyBatchSize)
        }
        {
          name: 'SyncPageSize'
          value: string(syncPageSize)
        }
        {
          name: 'InitialSyncSchedule'
          value: initialSyncSchedule
        }
        // Sales sync: the initial sync's source and throttle, and the Marketo connection (secret as a Key Vault reference).
        {
          name: 'SyncSource'
          value: salesSync.syncSource
        }
        {
          name: 'MarketoChangesSchedule'
          value: salesSync.marketoChangesSchedule
        }
        {
          name: 'SyncMaxPeoplePerMinute'
          value: string(salesSync.syncMaxPeoplePerMinute)
        }
        {
          name: 'MarketoBaseUrl'
          value: salesSync.marketoBaseUrl
        }
        {
          name: 'MarketoClientId'
          value: salesSync.marketoClientId
        }
        {
          name: 'MarketoClientSecret'
          value: empty(salesSync.marketoClientSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${salesSync.marketoClientSecretUri})'
        }
        {
          name: 'MarketoStaticListId'
          value: salesSync.marketoStaticListId
        }
        {
          name: 'MarketoInitialSync'
          value: salesSync.marketoInitialSync
        }
        {
          name: 'MarketoBulkSince'
          value: salesSync.marketoBulkSince
        }
        {
          name: 'MarketoCallsPer20Seconds'
          value: string(salesSync.marketoCallsPer20Seconds)
        }
        {
          name: 'MarketoMaxConcurrentCalls'
          value: string(salesSync.marketoMaxConcurrentCalls)
        }
        {
          name: 'MarketoDailyQuota'
          value: string(salesSync.marketoDailyQuota)
        }
        {
          name: 'MarketoActivityTypeIds'
          value: salesSync.marketoActivityTypeIds
        }
        {
          name: 'MarketoConnection'
          value: salesSync.marketoConnection
        }
        {
          name: 'MarketoMomentActivityTypeId'
          value: salesSync.marketoMomentActivityTypeId
        }
        // Sales activities: the Salesforce task types, the unsubscribe check and the org (secret as a Key Vault reference).
        {
          name: 'SalesforceTaskTypes'
          value: salesActivities.salesforceTaskTypes
        }
        {
          name: 'CheckMarketingUnsubscribe'
          value: string(salesActivities.checkMarketingUnsubscribe)
        }
        {
          name: 'AllowUnknownUnsubscribe'
          value: string(salesActivities.allowUnknownUnsubscribe)
        }
        {
          name: 'SalesforceLoginUrl'
          value: salesActivities.salesforceLoginUrl
        }
        {
          name: 'SalesforceClientId'
          value: salesActivities.salesforceClientId
        }
        {
          name: 'SalesforceClientSecret'
          value: empty(salesActivities.salesforceClientSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${salesActivities.salesforceClientSecretUri})'
        }
        {
          name: 'SalesforceApiVersion'
          value: salesActivities.salesforceApiVersion
        }
        {
          name: 'SalesforceInboundSchedule'
          value: salesActivities.salesforceInboundSchedule
        }
        // Message delivery: the email provider and Twilio (secrets as Key Vault references).
        {
          name: 'EmailProvider'
          value: delivery.emailProvider
        }
        {
          name: 'EmailFromAddress'
          value: delivery.emailFromAddress
        }
        {
          name: 'SmtpHost'
          value: delivery.smtpHost
        }
        {
          name: 'SmtpPort'
          value: string(delivery.smtpPort)
        }
        {
          name: 'SmtpSecurity'
          value: delivery.smtpSecurity
        }
        {
          name: 'SmtpUserName'
          value: delivery.smtpUserName
        }
        {
          name: 'SmtpPassword'
          value: empty(delivery.smtpRelaySecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${delivery.smtpRelaySecretUri})'
        }
        {
          name: 'SendGridApiKey'
          value: empty(delivery.sendGridSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${delivery.sendGridSecretUri})'
        }
        {
          name: 'SendGridBaseUrl'
          value: delivery.sendGridBaseUrl
        }
        {
          name: 'TwilioAccountSid'
          value: delivery.twilioAccountSid
        }
        {
          name: 'TwilioAuthToken'
          value: empty(delivery.twilioSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${delivery.twilioSecretUri})'
        }
        {
          name: 'TwilioFromNumber'
          value: delivery.twilioFromNumber
        }
        {
          name: 'TwilioBaseUrl'
          value: delivery.twilioBaseUrl
        }
        {
          name: 'SalesActivityDrainSchedule'
          value: salesActivities.drainSchedule
        }
        {
          // Base of the URLs the API returns; empty = https://{WEBSITE_HOSTNAME}, the app's own host name.
          name: 'PublicBaseUrl'
          value: publicBaseUrl
        }
      ]
    }
  }
}

output name string = site.name

output url string = 'https://${site.properties.defaultHostName}'
