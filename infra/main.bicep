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

@description('Durable Task hub name (app setting TaskHubName).')
param taskHubName string = 'JourneyFunctions'

@description('Accounts per batch orchestration (app setting JourneyBatchSize).')
@minValue(1)
param journeyBatchSize int = 100

@description('Marketing people read per initial-sync page (app setting SyncPageSize).')
@minValue(1)
param syncPageSize int = 1000

@description('NCRONTAB schedule, with seconds, of the initial-sync timer (app setting InitialSyncSchedule).')
param initialSyncSchedule string = '0 */1 * * * *'

@description('Sales activity types logged to Salesforce as tasks, comma-separated (app setting SalesforceTaskTypes).')
param salesforceTaskTypes string = 'sendSalesEmail,receiveSalesCall,reminderTask'

@description('Whether a seller may send a sales email only to people marketing has as subscribed (app setting CheckMarketingUnsubscribe).')
param checkMarketingUnsubscribe bool = false

@description('Salesforce org login URL (app setting SalesforceLoginUrl); empty keeps Salesforce tasks in the app\'s tables.')
param salesforceLoginUrl string = ''

@description('Client id of the Salesforce connected app (app setting SalesforceClientId).')
param salesforceClientId string = ''

@description('Key Vault secret URI of the connected app\'s client secret: the app setting holds a Key Vault reference, never the secret.')
param salesforceClientSecretUri string = ''

@description('Salesforce REST API version (app setting SalesforceApiVersion).')
param salesforceApiVersion string = '62.0'

@description('Most instances the Flex Consumption plan may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each instance, in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

// The app's tables and queues (domain/Storage/TableNames.All and QueueNames.All; tests/Infra.Tests checks the
// lists match). Provisioned here because the Functions app does not create them at start.
var appTables = [
  'Journeys'
  'JourneyRuns'
  'JourneyEntries'
  'RunAudience'
  'Accounts'
  'People'
  'Effects'
  'SalesPeople'
  'SyncState'
  'AccountLists'
  'BuyingGroups'
  'Destinations'
  'ExternalAudiences'
  'MarketoEngage'
  'InterestingMoments'
  'Outbox'
  'SalesActivities'
  'MarketingActivities'
  'SalesforceTasks'
  'SalesforceOptOuts'
]
var appQueues = [
  'person-changes'
  'person-changes-poison'
  'journey-commands'
  'journey-commands-poison'
  'sales-activities-marketing-logger'
  'sales-activities-marketing-logger-poison'
  'sales-activities-salesforce-logger'
  'sales-activities-salesforce-logger-poison'
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
      salesforceLoginUrl: salesforceLoginUrl
      salesforceClientId: salesforceClientId
      salesforceClientSecretUri: salesforceClientSecretUri
      salesforceApiVersion: salesforceApiVersion
    }
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

@description('Name of the Function App, for az functionapp commands.')
output functionAppName string = functionApp.outputs.name

@description('Base URL of the app; the HTTP API is under /api.')
output functionAppUrl string = functionApp.outputs.url
