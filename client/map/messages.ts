// The geometry editor's words (client/map/geometry-editor.tsx), shared by every screen that
// draws a boundary: parcels, community territories, concessions.
import { bilingual } from '../../shared/i18n.ts'

export const geometryMessages = bilingual(
  {
    toolbar: 'Drawing tools',
    draw: 'Draw polygon',
    drawAnother: 'Draw another part',
    finish: 'Finish',
    undoVertex: 'Undo last point',
    cancelDraw: 'Cancel drawing',
    editPoints: 'Edit points',
    move: 'Move',
    removePart: 'Delete a part',
    clear: 'Clear',
    undo: 'Undo',
    area: 'Area:',
    areaSoFar: 'Area so far:',
    parts: 'Parts: {{n}}',
    points: 'Points: {{n}}',
    help: {
      empty:
        'Press “Draw polygon”, then tap the map at each corner of the land. Tap the first point, or press “Finish”, to close the shape.',
      idle: 'To change the shape, choose “Edit points” or “Move”. Land in separate pieces can be drawn as another part.',
      drawing: 'Tap the map at each corner of the land (at least {{count}} more).',
      canFinish: 'Keep tapping to add corners. Tap the first point, or press “Finish”, to close the shape.',
      edit: 'Drag a white point to move a corner; drag a point in the middle of an edge to add a corner; press and hold (or right-click) a corner to remove it.',
      move: 'Drag a shape to move it.',
      remove: 'Tap a part of the shape to delete it.',
    },
    issues: {
      title: 'This shape cannot be saved as it is',
      part: 'Part {{part}}:',
      tooFewPoints: 'It has only {{count}} points; a shape needs at least {{minimum}} corners.',
      zeroArea: 'It has no area: its points lie on one line or in one place.',
      selfIntersection:
        'Its edges cross each other where marked ✕ on the map. Move the points so that no edges cross, or draw it as two parts.',
      partsOverlap: 'Parts {{a}} and {{b}} overlap. Delete one of them, or move them apart.',
    },
    marker: {
      crossing: 'The edges cross here',
    },
    server: {
      title: 'The server did not accept this shape',
      inPart: '(part {{part}})',
      marked: 'The place is marked ✕ on the map.',
      repairHint: 'The server can mend the shape for you (for example, a figure-eight becomes two parts). Check the result afterwards.',
      repair: 'Let the server repair it',
      allowLargeHint: 'As an admin you may store it anyway, if the record really is this large.',
      allowLarge: 'Store it anyway',
      reason: {
        selfIntersection: 'The edges of the shape cross each other.',
        ringSelfIntersection: 'The outline touches itself at a point.',
        tooFewPoints: 'A part has too few points to make an area.',
        holeOutside: 'A hole lies outside its shape.',
        nestedHoles: 'A hole lies inside another hole.',
        nestedShells: 'One part lies inside another part.',
        disconnectedInterior: 'The holes cut the shape into pieces.',
        invalidCoordinate: 'A point has an impossible position.',
        ringNotClosed: 'The outline is not closed.',
        outsideRegion: 'The shape lies outside the area this server covers. Check that longitude and latitude are not swapped.',
        crossesAntimeridian: 'An edge crosses the 180° meridian, on the other side of the world.',
        tooLarge: 'The shape is far larger than land of this kind can be. Check its points; an admin can store it anyway.',
        other: 'The shape is not valid.',
      },
    },
    repaired: 'The server repaired the shape. What was wrong: {{reason}} Check that it is still right.',
    tooltip: {
      firstVertex: 'Tap to place the first point',
      continueLine: 'Tap to add the next point',
      finishPoly: 'Tap the first point to close the shape',
    },
    legend: {
      title: 'Legend',
      thisShape: 'This shape',
      parcel: 'Other parcels',
      concession: 'Concessions',
      territory: 'Community territory',
      crossing: 'Edges cross',
    },
  },
  {
    toolbar: 'ឧបករណ៍គូរ',
    draw: 'គូរពហុកោណ',
    drawAnother: 'គូរផ្នែកមួយទៀត',
    finish: 'បញ្ចប់',
    undoVertex: 'លុបចំណុចចុងក្រោយ',
    cancelDraw: 'បោះបង់ការគូរ',
    editPoints: 'កែចំណុច',
    move: 'ផ្លាស់ទី',
    removePart: 'លុបផ្នែកមួយ',
    clear: 'សម្អាត',
    undo: 'ត្រឡប់វិញ',
    area: 'ផ្ទៃដី៖',
    areaSoFar: 'ផ្ទៃដីរហូតមកដល់ពេលនេះ៖',
    parts: 'ផ្នែក៖ {{n}}',
    points: 'ចំណុច៖ {{n}}',
    help: {
      empty: 'ចុច «គូរពហុកោណ» រួចប៉ះលើផែនទីត្រង់ជ្រុងនីមួយៗនៃដី។ ប៉ះចំណុចទីមួយ ឬចុច «បញ្ចប់» ដើម្បីបិទរាង។',
      idle: 'ដើម្បីកែរាង សូមជ្រើស «កែចំណុច» ឬ «ផ្លាស់ទី»។ ដីដែលនៅដាច់ពីគ្នា អាចគូរជាផ្នែកមួយទៀតបាន។',
      drawing: 'ប៉ះលើផែនទីត្រង់ជ្រុងនីមួយៗនៃដី (យ៉ាងតិច {{count}} ចំណុចទៀត)។',
      canFinish: 'បន្តប៉ះដើម្បីបន្ថែមជ្រុង។ ប៉ះចំណុចទីមួយ ឬចុច «បញ្ចប់» ដើម្បីបិទរាង។',
      edit: 'អូសចំណុចពណ៌សដើម្បីផ្លាស់ទីជ្រុង។ អូសចំណុចកណ្ដាលគែមដើម្បីបន្ថែមជ្រុង។ ចុចឱ្យជាប់ (ឬចុចកណ្ដុរខាងស្ដាំ) លើជ្រុងដើម្បីលុបវា។',
      move: 'អូសរាងដើម្បីផ្លាស់ទីវា។',
      remove: 'ប៉ះលើផ្នែកណាមួយនៃរាងដើម្បីលុបវា។',
    },
    issues: {
      title: 'មិនអាចរក្សាទុករាងនេះតាមសភាពបច្ចុប្បន្នបានទេ',
      part: 'ផ្នែកទី {{part}}៖',
      tooFewPoints: 'វាមានតែ {{count}} ចំណុចប៉ុណ្ណោះ។ រាងមួយត្រូវការយ៉ាងតិច {{minimum}} ជ្រុង។',
      zeroArea: 'វាគ្មានផ្ទៃទេ៖ ចំណុចរបស់វាស្ថិតនៅលើបន្ទាត់តែមួយ ឬនៅកន្លែងតែមួយ។',
      selfIntersection: 'គែមរបស់វាកាត់គ្នា ត្រង់កន្លែងដែលបានសម្គាល់ ✕ លើផែនទី។ សូមផ្លាស់ទីចំណុចកុំឱ្យគែមកាត់គ្នា ឬគូរវាជាពីរផ្នែក។',
      partsOverlap: 'ផ្នែកទី {{a}} និងផ្នែកទី {{b}} ត្រួតលើគ្នា។ សូមលុបផ្នែកមួយ ឬរំកិលវាឱ្យដាច់ពីគ្នា។',
    },
    marker: {
      crossing: 'គែមកាត់គ្នានៅទីនេះ',
    },
    server: {
      title: 'ម៉ាស៊ីនមេមិនទទួលយករាងនេះទេ',
      inPart: '(ផ្នែកទី {{part}})',
      marked: 'កន្លែងនោះត្រូវបានសម្គាល់ ✕ លើផែនទី។',
      repairHint: 'ម៉ាស៊ីនមេអាចជួសជុលរាងនេះជូនអ្នកបាន (ឧទាហរណ៍ រាងដូចលេខ ៨ នឹងក្លាយជាពីរផ្នែក)។ សូមពិនិត្យលទ្ធផលបន្ទាប់ពីនោះ។',
      repair: 'ឱ្យម៉ាស៊ីនមេជួសជុលវា',
      allowLargeHint: 'ក្នុងនាមជាអ្នកគ្រប់គ្រង អ្នកអាចរក្សាទុកវាបានដដែល ប្រសិនបើកំណត់ត្រានេះពិតជាធំបែបនេះមែន។',
      allowLarge: 'រក្សាទុកវាដដែល',
      reason: {
        selfIntersection: 'គែមនៃរាងកាត់គ្នា។',
        ringSelfIntersection: 'ខ្សែព្រំប៉ះខ្លួនឯងត្រង់ចំណុចមួយ។',
        tooFewPoints: 'ផ្នែកមួយមានចំណុចតិចពេក មិនអាចបង្កើតជាផ្ទៃបានទេ។',
        holeOutside: 'រន្ធមួយស្ថិតនៅក្រៅរាងរបស់វា។',
        nestedHoles: 'រន្ធមួយស្ថិតនៅក្នុងរន្ធមួយទៀត។',
        nestedShells: 'ផ្នែកមួយស្ថិតនៅក្នុងផ្នែកមួយទៀត។',
        disconnectedInterior: 'រន្ធទាំងនោះកាត់រាងជាបំណែកៗ។',
        invalidCoordinate: 'ចំណុចមួយមានទីតាំងដែលមិនអាចទៅរួច។',
        ringNotClosed: 'ខ្សែព្រំមិនបានបិទជិតទេ។',
        outsideRegion: 'រាងនេះស្ថិតនៅក្រៅតំបន់ដែលម៉ាស៊ីនមេនេះគ្របដណ្តប់។ សូមពិនិត្យថារយៈបណ្តោយ និងរយៈទទឹងមិនត្រូវបានដាក់ច្រាស់គ្នា។',
        crossesAntimeridian: 'គែមមួយកាត់ខ្សែបណ្តោយ ១៨០° នៅម្ខាងទៀតនៃពិភពលោក។',
        tooLarge: 'រាងនេះធំជាងដីប្រភេទនេះអាចមានឆ្ងាយណាស់។ សូមពិនិត្យចំណុចរបស់វា។ អ្នកគ្រប់គ្រងអាចរក្សាទុកវាបានដដែល។',
        other: 'រាងនេះមិនត្រឹមត្រូវទេ។',
      },
    },
    repaired: 'ម៉ាស៊ីនមេបានជួសជុលរាង។ បញ្ហាដែលមាន៖ {{reason}} សូមពិនិត្យថាវានៅតែត្រឹមត្រូវ។',
    tooltip: {
      firstVertex: 'ប៉ះដើម្បីដាក់ចំណុចទីមួយ',
      continueLine: 'ប៉ះដើម្បីបន្ថែមចំណុចបន្ទាប់',
      finishPoly: 'ប៉ះចំណុចទីមួយដើម្បីបិទរាង',
    },
    legend: {
      title: 'សញ្ញាសម្គាល់',
      thisShape: 'រាងនេះ',
      parcel: 'ក្បាលដីផ្សេងទៀត',
      concession: 'ដីសម្បទាន',
      territory: 'ទឹកដីសហគមន៍',
      crossing: 'គែមកាត់គ្នា',
    },
  },
)

// The words of the small map pieces forms and pages share: the location picker
// (client/map/location-picker.tsx), the list of nearby concessions whose boundary is unknown
// (client/components/boundary-unknown-list.tsx). The mini-map legend (map-legend.tsx) uses geometry.legend.title.
export const mapPartsMessages = bilingual(
  {
    location: {
      hint: 'Tap the map to place the point, or type the coordinates.',
      longitude: 'Longitude',
      latitude: 'Latitude',
      useGps: 'Use my location',
      locating: 'Finding your location…',
      gpsFailed: 'Your location could not be found. Tap the map or type the coordinates instead.',
    },
    boundaryUnknown: {
      title: 'Concessions nearby whose boundary is unknown',
      intro: {
        territory:
          'Known only as a point within {{km}} km of the territory. Whether they cover this land cannot be measured until their boundary is mapped.',
        parcel:
          'Known only as a point within {{km}} km of the parcel. Whether they cover this land cannot be measured until their boundary is mapped.',
      },
      declared: 'Declared area {{area}}',
      noDeclared: 'No area declared',
      distance: '{{km}} km away',
      onLand: {
        territory: 'Its point lies on the territory',
        parcel: 'Its point lies on the parcel',
      },
    },
  },
  {
    location: {
      hint: 'ចុចលើផែនទីដើម្បីដាក់ចំណុច ឬវាយបញ្ចូលកូអរដោនេ។',
      longitude: 'រយៈបណ្ដោយ',
      latitude: 'រយៈទទឹង',
      useGps: 'ប្រើទីតាំងរបស់ខ្ញុំ',
      locating: 'កំពុងស្វែងរកទីតាំងរបស់អ្នក…',
      gpsFailed: 'រកមិនឃើញទីតាំងរបស់អ្នកទេ។ សូមចុចលើផែនទី ឬវាយបញ្ចូលកូអរដោនេជំនួសវិញ។',
    },
    boundaryUnknown: {
      title: 'ដីសម្បទាននៅក្បែរនេះ ដែលមិនដឹងព្រំប្រទល់',
      intro: {
        territory: 'ស្គាល់តែជាចំណុចមួយ ក្នុងចម្ងាយ {{km}} គីឡូម៉ែត្រពីទឹកដី។ មិនអាចវាស់ថាវាគ្របលើដីនេះឬអត់ទេ រហូតដល់ព្រំប្រទល់របស់វាត្រូវបានគូរលើផែនទី។',
        parcel: 'ស្គាល់តែជាចំណុចមួយ ក្នុងចម្ងាយ {{km}} គីឡូម៉ែត្រពីក្បាលដី។ មិនអាចវាស់ថាវាគ្របលើដីនេះឬអត់ទេ រហូតដល់ព្រំប្រទល់របស់វាត្រូវបានគូរលើផែនទី។',
      },
      declared: 'ផ្ទៃដីដែលបានប្រកាស {{area}}',
      noDeclared: 'គ្មានផ្ទៃដីដែលបានប្រកាស',
      distance: 'ចម្ងាយ {{km}} គីឡូម៉ែត្រ',
      onLand: {
        territory: 'ចំណុចរបស់វាស្ថិតលើទឹកដី',
        parcel: 'ចំណុចរបស់វាស្ថិតលើក្បាលដី',
      },
    },
  },
)
