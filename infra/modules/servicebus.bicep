// Service Bus for sales activities: one topic, one subscription per consumer (the marketing activity log and the
// Salesforce task log). Local (SAS key) auth is off: the app sends and receives as its managed identity.

@description('Namespace name, globally unique.')
param name string

param location string

param topicName string

param subscriptionNames string[]

@description('Principal (the app\'s managed identity) allowed to send and receive.')
param dataPrincipalId string

@description('Resource id of that identity: known before deployment, so role assignment names are too.')
param principalResourceId string

var roles = {
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
}

// Topics need the Standard tier or above.
resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = {
  parent: namespace
  name: topicName
  properties: {
    requiresDuplicateDetection: true
    // The activity id is the MessageId: a publish retried within this window is dropped as a duplicate.
    duplicateDetectionHistoryTimeWindow: 'PT1H'
  }
}

resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' = [
  for subscription in subscriptionNames: {
    parent: topic
    name: subscription
    properties: {
      maxDeliveryCount: 10
      deadLetteringOnMessageExpiration: true
    }
  }
]

resource dataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in items(roles): {
    scope: namespace
    name: guid(namespace.id, principalResourceId, role.value)
    properties: {
      principalId: dataPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    }
  }
]

@description('Host name of the namespace, for identity-based connections (ServiceBus__fullyQualifiedNamespace).')
// serviceBusEndpoint is "https://<host>:443/"; the host part is the same in every cloud.
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':')[0]
