// Everything JourneyFunctions needs in one resource group: the Function App on the Flex Consumption plan,
// its storage account, the Service Bus topic for sales activities, monitoring, and the user-assigned identity
// the app signs in with. No resource hands out keys: storage, Service Bus and Application Insights accept
// only Microsoft Entra sign-in, and every app setting names an endpoint, never a secret.
targetScope = 'resourceGroup'

@description('Short name the resource names start with (lower-case letters and digits).')
@minLength(3)
@maxLength(11)
param appName string

@description('Region of every resource; the Flex Consumption plan must be offered there.')
param location string = resourceGroup().location

@description('Durable Task hub name (app setting TaskHubName): 3 to 45 letters and digits, a letter first (the Azure Storage provider\'s rule; the app refuses any other at start).')
@minLength(3)
@maxLength(45)
param taskHubName string = 'JourneyFunctions'

@description('Accounts per batch orchestration (app setting JourneyBatchSize).')
@minValue(1)
@maxValue(2000)
param journeyBatchSize int = 500

@description('People per initial-sync step, one activity call and one checkpoint (app setting SyncPageSize).')
@minValue(1)
@maxValue(100000)
param syncPageSize int = 10000

@description('NCRONTAB schedule, with seconds, of the initial-sync timer (app setting InitialSyncSchedule); the app refuses one over 100 characters at start.')
@maxLength(100)
param initialSyncSchedule string = '0 */1 * * * *'

@description('Where the initial sync reads people: table (the marketing table store) or marketo (the REST API) (app setting SyncSource).')
@allowed(['table', 'marketo'])
param syncSource string = 'table'

@description('NCRONTAB schedule, with seconds, of the Marketo lead-changes poll (app setting MarketoChangesSchedule).')
param marketoChangesSchedule string = '0 */1 * * * *'

@description('Throttle of the initial sync in people per minute; 0 = as fast as the source allows (app setting SyncMaxPeoplePerMinute).')
@minValue(0)
@maxValue(10000000)
param syncMaxPeoplePerMinute int = 0

@description('REST base URL of the Marketo instance (app setting MarketoBaseUrl); needed with syncSource marketo.')
param marketoBaseUrl string = ''

@description('Client id of the Marketo LaunchPoint API user (app setting MarketoClientId).')
param marketoClientId string = ''

@description('Key Vault secret URI of the Marketo client secret: the app setting holds a Key Vault reference, never the secret.')
param marketoClientSecretUri string = ''

@description('Static list of sales-owned leads the initial sync pages (app setting MarketoStaticListId).')
param marketoStaticListId string = ''

@description('How the initial sync reads Marketo (app setting MarketoInitialSync): list pages marketoStaticListId, bulk uses Bulk Lead Extract.')
@allowed([
  'list'
  'bulk'
])
param marketoInitialSync string = 'list'

@description('With marketoInitialSync bulk: start of the updatedAt range exported, ISO 8601 (app setting MarketoBulkSince).')
param marketoBulkSince string = ''

@description('This app\'s share of the Marketo instance\'s 100 calls per 20 s (app setting MarketoCallsPer20Seconds).')
@minValue(1)
@maxValue(100)
param marketoCallsPer20Seconds int = 100

@description('This app\'s share of the Marketo instance\'s 10 concurrent calls (app setting MarketoMaxConcurrentCalls).')
@minValue(1)
@maxValue(10)
param marketoMaxConcurrentCalls int = 10

@description('This app\'s share of the Marketo instance\'s daily call quota (app setting MarketoDailyQuota).')
@minValue(1)
param marketoDailyQuota int = 50000

@description('Marketo custom activity type ids of the eight native sales activity types, one for each: sendSalesEmail=100001,openSalesEmail=100002,clickSalesEmail=100003,replySalesEmail=100004,bounceSalesEmail=100005,receiveSalesCall=100006,addToSalesCampaign=100007,removeFromSalesCampaign=100008 (app setting MarketoActivityTypeIds; empty: sales activities are logged to the app\'s tables).')
param marketoActivityTypeIds string = ''

@description('The name journeys give the Marketo instance (app setting MarketoConnection): set, Marketo actions naming it reach Marketo; empty, they act on the app\'s tables.')
@maxLength(100)
param marketoConnection string = ''

@description('Marketo custom activity type id for journey interesting moments (app setting MarketoMomentActivityTypeId); empty: moments stay in the app\'s tables.')
param marketoMomentActivityTypeId string = ''

@description('Sales activity types logged to Salesforce as tasks, comma-separated (app setting SalesforceTaskTypes).')
param salesforceTaskTypes string = 'sendSalesEmail,receiveSalesCall,reminderTask'

@description('Whether a seller may send a sales email only to people marketing has as subscribed (app setting CheckMarketingUnsubscribe).')
param checkMarketingUnsubscribe bool = false

@description('With the unsubscribe check on, whether a sales email may go to a person whose marketing status cannot be known (app setting AllowUnknownUnsubscribe); false refuses it.')
param allowUnknownUnsubscribe bool = false

@description('Salesforce org login URL (app setting SalesforceLoginUrl); empty keeps Salesforce tasks in the app\'s tables.')
param salesforceLoginUrl string = ''

@description('Client id of the Salesforce connected app (app setting SalesforceClientId).')
param salesforceClientId string = ''

@description('Key Vault secret URI of the connected app\'s client secret: the app setting holds a Key Vault reference, never the secret.')
param salesforceClientSecretUri string = ''

@description('Salesforce REST API version (app setting SalesforceApiVersion).')
param salesforceApiVersion string = '62.0'

@description('NCRONTAB schedule, with seconds, of the Salesforce inbound poll of opt-outs and reminder tasks (app setting SalesforceInboundSchedule); it does nothing without salesforceLoginUrl.')
param salesforceInboundSchedule string = '0 */1 * * * *'

@description('How journey emails and sales alerts are sent: smtp (any ESP\'s SMTP relay) or sendgrid (app setting EmailProvider).')
@allowed(['smtp', 'sendgrid'])
param emailProvider string = 'smtp'

@description('Sender address of journey emails and sales alerts (app setting EmailFromAddress).')
param emailFromAddress string = 'journeys@example.com'

@description('SMTP relay host (app setting SmtpHost), e.g. smtp.sendgrid.net or email-smtp.<region>.amazonaws.com.')
param smtpHost string = ''

@description('SMTP relay port (app setting SmtpPort).')
@minValue(1)
@maxValue(65535)
param smtpPort int = 587

@description('SMTP transport security: none, starttls or ssl (app setting SmtpSecurity).')
@allowed(['none', 'starttls', 'ssl'])
param smtpSecurity string = 'starttls'

@description('SMTP user name (app setting SmtpUserName).')
param smtpUserName string = ''

@description('Key Vault secret URI of the SMTP password: the app setting holds a Key Vault reference, never the secret.')
param smtpRelaySecretUri string = ''

@description('Key Vault secret URI of the SendGrid API key (app setting SendGridApiKey as a Key Vault reference; empty: SendGrid emails are recorded as not configured).')
param sendGridSecretUri string = ''

@description('SendGrid API base URL (app setting SendGridBaseUrl).')
param sendGridBaseUrl string = 'https://api.sendgrid.com'

@description('Twilio account SID (app setting TwilioAccountSid; empty: SMS are recorded as not configured).')
param twilioAccountSid string = ''

@description('Key Vault secret URI of the Twilio auth token (app setting TwilioAuthToken as a Key Vault reference).')
param twilioSecretUri string = ''

@description('Twilio sending number in E.164 (app setting TwilioFromNumber).')
param twilioFromNumber string = ''

@description('Twilio API base URL (app setting TwilioBaseUrl).')
param twilioBaseUrl string = 'https://api.twilio.com'
@description('NCRONTAB schedule, with seconds, of the timer that drains the sales-activities subscriptions (app setting SalesActivityDrainSchedule): the longest a sales activity waits when no instance is running.')
param salesActivityDrainSchedule string = '*/30 * * * * *'

@description('Most instances the Flex Consumption plan may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Base of the URLs the API returns (app setting PublicBaseUrl): set it when a custom domain, Front Door or API Management fronts the app; empty: https://{WEBSITE_HOSTNAME}.')
param publicBaseUrl string = ''

@description('Tags of the Function App: infra/azd.bicep sets azd-service-name, by which the Azure Developer CLI finds the app to deploy to.')
param functionAppTags object = {}

@description('Memory of each instance, in MB.')
@allowed([2048, 4096]) // the local host peaks at 0.5-0.8 GB on a 10,000-account run (docs/benchmarks.md): 512 MB is too small
param instanceMemoryMB int = 2048

// The app's tables and queues (domain/Storage/TableNames.All and QueueNames.All; tests/Operations.Tests checks the
// lists match). The app also creates them at start; provisioning them here keeps them in the template's inventory.
var appTables = [
  'Journeys'
  'JourneyRuns'
  'JourneyEntries'
  'RunAudience'
  'Accounts'
  'People0'
  'People1'
  'People2'
  'People3'
  'People4'
  'People5'
  'People6'
  'People7'
  'Effects0'
  'Effects1'
  'Effects2'
  'Effects3'
  'Effects4'
  'Effects5'
  'Effects6'
  'Effects7'
  'SalesPeople0'
  'SalesPeople1'
  'SalesPeople2'
  'SalesPeople3'
  'SalesPeople4'
  'SalesPeople5'
  'SalesPeople6'
  'SalesPeople7'
  'SalesPeopleByEmail0'
  'SalesPeopleByEmail1'
  'SalesPeopleByEmail2'
  'SalesPeopleByEmail3'
  'SalesPeopleByEmail4'
  'SalesPeopleByEmail5'
  'SalesPeopleByEmail6'
  'SalesPeopleByEmail7'
  'SalesPeopleBySalesforceId0'
  'SalesPeopleBySalesforceId1'
  'SalesPeopleBySalesforceId2'
  'SalesPeopleBySalesforceId3'
  'SalesPeopleBySalesforceId4'
  'SalesPeopleBySalesforceId5'
  'SalesPeopleBySalesforceId6'
  'SalesPeopleBySalesforceId7'
  'SyncState'
  'SyncRejections'
  'AccountLists'
  'BuyingGroups'
  'Destinations'
  'ExternalAudiences'
  'MarketoEngage'
  'InterestingMoments'
  'Outbox'
  'Deliveries'
  'SalesActivities'
  'SalesRemindersByActivityId'
  'SalesActivityIds'
  'MarketingActivities'
  'SalesforceTasks'
  'SalesforceOptOuts'
  'NodePositions'
  'EventListeners'
  'EventListenerKeys'
]
var appQueues = [
  'person-changes'
  'person-changes-poison'
  'journey-commands'
  'journey-commands-poison'
  'outbox-dispatch'
  'outbox-dispatch-poison'
  'sales-activities-marketing-logger'
  'sales-activities-marketing-logger-poison'
  'sales-activities-salesforce-logger'
  'sales-activities-salesforce-logger-poison'
  'journey-events'
  'journey-events-poison'
]

var salesActivitiesTopic = 'sales-activities'
var salesActivitySubscriptions = [
  'marketing-logger'
  'salesforce-logger'
]

var suffix = uniqueString(resourceGroup().id, appName)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${appName}-${suffix}'
  location: location
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: '${appName}-${suffix}'
    location: location
    publisherPrincipalId: identity.properties.principalId
    principalResourceId: identity.id
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('st${appName}${suffix}', 24)
    location: location
    tables: appTables
    queues: appQueues
    dataPrincipalId: identity.properties.principalId
    principalResourceId: identity.id
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    name: 'sb-${appName}-${suffix}'
    location: location
    topicName: salesActivitiesTopic
    subscriptionNames: salesActivitySubscriptions
    dataPrincipalId: identity.properties.principalId
    principalResourceId: identity.id
  }
}

// Uses the other modules' outputs, so it is deployed after them, role assignments included: the host can read
// its storage and publish telemetry from its first start.
module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: 'func-${appName}-${suffix}'
    location: location
    identityId: identity.id
    identityClientId: identity.properties.clientId
    storage: {
      blobEndpoint: storage.outputs.blobEndpoint
      queueEndpoint: storage.outputs.queueEndpoint
      tableEndpoint: storage.outputs.tableEndpoint
      deploymentContainer: storage.outputs.deploymentContainer
    }
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    taskHubName: taskHubName
    journeyBatchSize: journeyBatchSize
    syncPageSize: syncPageSize
    initialSyncSchedule: initialSyncSchedule
    salesActivities: {
      salesforceTaskTypes: salesforceTaskTypes
      checkMarketingUnsubscribe: checkMarketingUnsubscribe
      allowUnknownUnsubscribe: allowUnknownUnsubscribe
      salesforceLoginUrl: salesforceLoginUrl
      salesforceClientId: salesforceClientId
      salesforceClientSecretUri: salesforceClientSecretUri
      salesforceApiVersion: salesforceApiVersion
      salesforceInboundSchedule: salesforceInboundSchedule
      drainSchedule: salesActivityDrainSchedule
    }
    salesSync: {
      syncSource: syncSource
      marketoChangesSchedule: marketoChangesSchedule
      syncMaxPeoplePerMinute: syncMaxPeoplePerMinute
      marketoBaseUrl: marketoBaseUrl
      marketoClientId: marketoClientId
      marketoClientSecretUri: marketoClientSecretUri
      marketoStaticListId: marketoStaticListId
      marketoInitialSync: marketoInitialSync
      marketoBulkSince: marketoBulkSince
      marketoCallsPer20Seconds: marketoCallsPer20Seconds
      marketoMaxConcurrentCalls: marketoMaxConcurrentCalls
      marketoDailyQuota: marketoDailyQuota
      marketoActivityTypeIds: marketoActivityTypeIds
      marketoConnection: marketoConnection
      marketoMomentActivityTypeId: marketoMomentActivityTypeId
    }
    delivery: {
      emailProvider: emailProvider
      emailFromAddress: emailFromAddress
      smtpHost: smtpHost
      smtpPort: smtpPort
      smtpSecurity: smtpSecurity
      smtpUserName: smtpUserName
      smtpRelaySecretUri: smtpRelaySecretUri
      sendGridSecretUri: sendGridSecretUri
      sendGridBaseUrl: sendGridBaseUrl
      twilioAccountSid: twilioAccountSid
      twilioSecretUri: twilioSecretUri
      twilioFromNumber: twilioFromNumber
      twilioBaseUrl: twilioBaseUrl
    }
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    publicBaseUrl: publicBaseUrl
    tags: functionAppTags
  }
}

@description('Name of the Function App, for az functionapp commands.')
output functionAppName string = functionApp.outputs.name

@description('Base URL of the app; the HTTP API is under /api.')
output functionAppUrl string = functionApp.outputs.url
